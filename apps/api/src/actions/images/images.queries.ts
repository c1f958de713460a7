/** The images area's database calls. */
import type { Db, Tx } from '../../db/client';
import { visibleImageWhere } from '../../iam/ec2-resources';

type Reader = Tx | Db;

export type ImageRow = NonNullable<Awaited<ReturnType<typeof findImageRow>>>;

export function findImageRow(db: Reader, imageId: string) {
  return db.image.findUnique({ where: { id: imageId }, include: { launchPermissions: true } });
}

/**
 * The AMIs the account can see, narrowed in the database by IDs and owners; the rest of
 * DescribeImages' scoping happens on these rows.
 */
export function listVisibleImages(db: Reader, accountId: string, options: { ids?: string[]; owners?: string[] }) {
  return db.image.findMany({
    where: {
      AND: [
        visibleImageWhere(accountId),
        ...(options.ids ? [{ id: { in: options.ids } }] : []),
        ...(options.owners ? [{ accountId: { in: options.owners } }] : []),
      ],
    },
    include: { launchPermissions: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
}
