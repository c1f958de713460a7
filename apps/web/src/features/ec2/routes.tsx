// The EC2 sharing section's routes (lazy-loaded pages): AMIs, snapshots, instances, security groups.
import type { RouteObject } from 'react-router';
import { sections } from '../../app/navigation.ts';
import { EC2_CRUMB, entityPage, sectionPage } from '../../app/route-handle.ts';
import type { RouteHandle } from '../../app/router.tsx';

export const ec2Routes: RouteObject[] = [
  {
    path: 'ec2/amis',
    handle: { title: sections.ec2Amis.title, iamAction: sections.ec2Amis.iamAction, breadcrumbs: sectionPage(sections.ec2Amis, EC2_CRUMB) } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./amis-page.tsx')).AmisPage }),
  },
  {
    path: 'ec2/amis/:imageId',
    handle: { title: 'AMI details', iamAction: 'ec2:DescribeImages', breadcrumbs: entityPage(sections.ec2Amis, 'imageId', { root: EC2_CRUMB }) } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./ami-detail-page.tsx')).AmiDetailPage }),
  },
  {
    path: 'ec2/snapshots',
    handle: { title: sections.ec2Snapshots.title, iamAction: sections.ec2Snapshots.iamAction, breadcrumbs: sectionPage(sections.ec2Snapshots, EC2_CRUMB) } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./snapshots-page.tsx')).SnapshotsPage }),
  },
  {
    path: 'ec2/snapshots/:snapshotId',
    handle: { title: 'Snapshot details', iamAction: 'ec2:DescribeSnapshots', breadcrumbs: entityPage(sections.ec2Snapshots, 'snapshotId', { root: EC2_CRUMB }) } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./snapshot-detail-page.tsx')).SnapshotDetailPage }),
  },
  {
    path: 'ec2/instances',
    handle: { title: sections.ec2Instances.title, iamAction: sections.ec2Instances.iamAction, breadcrumbs: sectionPage(sections.ec2Instances, EC2_CRUMB) } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./instances-page.tsx')).InstancesPage }),
  },
  {
    path: 'ec2/security-groups',
    handle: { title: sections.ec2SecurityGroups.title, iamAction: sections.ec2SecurityGroups.iamAction, breadcrumbs: sectionPage(sections.ec2SecurityGroups, EC2_CRUMB) } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./security-groups-page.tsx')).SecurityGroupsPage }),
  },
  {
    path: 'ec2/security-groups/:groupId',
    handle: { title: 'Security group details', iamAction: 'ec2:DescribeSecurityGroups', breadcrumbs: entityPage(sections.ec2SecurityGroups, 'groupId', { root: EC2_CRUMB }) } satisfies RouteHandle,
    lazy: async () => ({ Component: (await import('./security-group-detail-page.tsx')).SecurityGroupDetailPage }),
  },
];
