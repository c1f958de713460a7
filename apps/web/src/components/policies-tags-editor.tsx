// Key/value tags for a new policy or role (≤50; key 1–128, value 0–256 characters), as in
// the console's "Add tags - optional" panel.
import AttributeEditor from '@cloudscape-design/components/attribute-editor';
import Input from '@cloudscape-design/components/input';
import type { Tag } from '../api/queries/policies.ts';

export const MAX_TAGS = 50;

/** The first problem with a tag list, or undefined. */
export function validateTags(tags: Tag[]): string | undefined {
  if (tags.length > MAX_TAGS) return `You can add up to ${MAX_TAGS} tags.`;
  const keys = new Set<string>();
  for (const tag of tags) {
    if (tag.Key.trim() === '') return 'Enter a key for every tag.';
    if (tag.Key.length > 128) return 'A tag key can have at most 128 characters.';
    if (tag.Value.length > 256) return 'A tag value can have at most 256 characters.';
    if (keys.has(tag.Key)) return `The tag key ${tag.Key} is used more than once.`;
    keys.add(tag.Key);
  }
  return undefined;
}

export function PoliciesTagsEditor({ tags, onChange }: { tags: Tag[]; onChange: (tags: Tag[]) => void }) {
  return (
    <AttributeEditor
      items={tags}
      addButtonText="Add new tag"
      removeButtonText="Remove"
      empty="No tags associated with the resource."
      onAddButtonClick={() => onChange([...tags, { Key: '', Value: '' }])}
      onRemoveButtonClick={({ detail }) => onChange(tags.filter((_t, i) => i !== detail.itemIndex))}
      disableAddButton={tags.length >= MAX_TAGS}
      additionalInfo={`You can add ${MAX_TAGS - tags.length} more tags.`}
      definition={[
        {
          label: 'Key',
          control: (tag, index) => (
            <Input
              ariaLabel={`Tag key ${index + 1}`}
              value={tag.Key}
              onChange={({ detail }) => onChange(tags.map((t, i) => (i === index ? { ...t, Key: detail.value } : t)))}
            />
          ),
        },
        {
          label: 'Value - optional',
          control: (tag, index) => (
            <Input
              ariaLabel={`Tag value ${index + 1}`}
              value={tag.Value}
              onChange={({ detail }) => onChange(tags.map((t, i) => (i === index ? { ...t, Value: detail.value } : t)))}
            />
          ),
        },
      ]}
    />
  );
}
