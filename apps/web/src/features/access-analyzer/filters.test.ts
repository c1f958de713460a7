import { describe, expect, it } from 'vitest';
import { criteriaToRows, describeCriteria, findingsFilter, rowError, rowsToCriteria, tokensToCriteria } from './filters.ts';

describe('property filter tokens → AWS filter criteria', () => {
  it('turns =, != and : into eq, neq and contains, one criterion per property', () => {
    expect(
      tokensToCriteria({
        operation: 'and',
        tokens: [
          { propertyKey: 'resourceType', operator: '=', value: 'AWS::IAM::Role' },
          { propertyKey: 'principal.AWS', operator: '!=', value: '111122223333' },
          { propertyKey: 'resource', operator: ':', value: 'deploy' },
        ],
      }),
    ).toEqual({ resourceType: { eq: ['AWS::IAM::Role'] }, 'principal.AWS': { neq: ['111122223333'] }, resource: { contains: ['deploy'] } });
  });

  it('gathers tokens of one property and operator as alternative values, once each, and keeps both members of one key', () => {
    expect(
      tokensToCriteria({
        operation: 'and',
        tokens: [
          { propertyKey: 'resourceType', operator: '=', value: 'AWS::IAM::Role' },
          { propertyKey: 'resourceType', operator: '=', value: 'AWS::EC2::Snapshot' },
          { propertyKey: 'resourceType', operator: '=', value: 'AWS::IAM::Role' },
          { propertyKey: 'resourceType', operator: '!=', value: 'AWS::EC2::Image' },
        ],
      }),
    ).toEqual({ resourceType: { eq: ['AWS::IAM::Role', 'AWS::EC2::Snapshot'], neq: ['AWS::EC2::Image'] } });
  });

  it('ignores free text, operators AWS has no criterion for and empty values', () => {
    expect(
      tokensToCriteria({
        operation: 'and',
        tokens: [
          { operator: ':', value: 'anything' },
          { propertyKey: 'resource', operator: '!:', value: 'x' },
          { propertyKey: 'resource', operator: '=', value: '  ' },
        ],
      }),
    ).toEqual({});
  });

  it('adds the status control: All adds no criterion', () => {
    const query = { operation: 'and' as const, tokens: [{ propertyKey: 'isPublic', operator: '=', value: 'true' }] };
    expect(findingsFilter('ARCHIVED', query)).toEqual({ isPublic: { eq: ['true'] }, status: { eq: ['ARCHIVED'] } });
    expect(findingsFilter('ALL', query)).toEqual({ isPublic: { eq: ['true'] } });
  });
});

describe('archive rule criteria rows', () => {
  it('turn comma-separated values into one criterion per key, exists into a boolean', () => {
    const criteria = rowsToCriteria([
      { key: 'principal.AWS', operator: 'eq', values: '111122223333, 444455556666,111122223333' },
      { key: 'principal.AWS', operator: 'neq', values: '777788889999' },
      { key: 'condition.sts:ExternalId', operator: 'exists', values: 'false' },
      { key: ' resource ', operator: 'contains', values: 'build' },
    ]);
    expect(criteria).toEqual({
      'principal.AWS': { eq: ['111122223333', '444455556666'], neq: ['777788889999'] },
      'condition.sts:ExternalId': { exists: false },
      resource: { contains: ['build'] },
    });
  });

  it('come back from a rule’s filter as they were entered', () => {
    const filter = { isPublic: { eq: ['true'] }, resourceType: { neq: ['AWS::IAM::Role', 'AWS::EC2::Image'], exists: true } };
    const rows = criteriaToRows(filter);
    expect(rows).toEqual([
      { key: 'isPublic', operator: 'eq', values: 'true' },
      { key: 'resourceType', operator: 'neq', values: 'AWS::IAM::Role, AWS::EC2::Image' },
      { key: 'resourceType', operator: 'exists', values: 'true' },
    ]);
    expect(rowsToCriteria(rows)).toEqual(filter);
    expect(describeCriteria(filter)).toEqual(['isPublic = true', 'resourceType ≠ AWS::IAM::Role or AWS::EC2::Image', 'resourceType exists true']);
  });

  it('are refused without a key, without values, with more than 20 values, or exists other than true/false', () => {
    expect(rowError({ key: 'resource', operator: 'eq', values: 'a' })).toEqual({});
    expect(rowError({ key: ' ', operator: 'eq', values: 'a' }).key).toBeDefined();
    expect(rowError({ key: 'resource', operator: 'contains', values: ' , ' }).values).toBe('Enter at least one value.');
    expect(rowError({ key: 'resource', operator: 'eq', values: Array.from({ length: 21 }, (_, i) => `v${i}`).join(',') }).values).toBe('Enter at most 20 values.');
    expect(rowError({ key: 'resource', operator: 'exists', values: 'yes' }).values).toBe('Choose true or false.');
  });
});
