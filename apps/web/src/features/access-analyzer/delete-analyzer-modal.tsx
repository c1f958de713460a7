// Deleting an analyzer (its findings and archive rules go with it), confirmed by typing its name.
// onDeleted follows the mutation's promise, not a mutate() callback: the page behind the modal
// may unmount it first (its refetch of the deleted analyzer fails), which drops such callbacks.
// The failure, if any, is shown from the mutation's state.
import Box from '@cloudscape-design/components/box';
import { useDeleteAnalyzerMutation, type AnalyzerSummary } from '../../api/queries/access-analyzer.ts';
import { ConfirmDeleteModal } from '../../components/users-groups-delete-modal.tsx';

export function DeleteAnalyzerModal({ analyzer, onClose, onDeleted }: { analyzer: Pick<AnalyzerSummary, 'name'>; onClose: () => void; onDeleted: () => void }) {
  const remove = useDeleteAnalyzerMutation();
  return (
    <ConfirmDeleteModal
      header={`Delete ${analyzer.name}?`}
      names={[analyzer.name]}
      loading={remove.isPending}
      error={remove.error}
      errorHeader="The analyzer could not be deleted"
      onConfirm={() => remove.mutateAsync({ analyzerName: analyzer.name }).then(onDeleted, () => {})}
      onDismiss={onClose}
    >
      <Box>Deleting the analyzer deletes its findings and archive rules. Findings stop being generated for its zone of trust.</Box>
    </ConfirmDeleteModal>
  );
}
