/**
 * AWS's own service models (botocore's service-2.json, Apache-2.0: apps/api/aws-models/LICENSE.txt
 * and NOTICE) — the source of truth for operation names, input constraints, output members and
 * result wrappers. Loaded once per process, on first use.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { repoRoot } from '../../paths';

export type ServiceName = 'iam' | 'sts' | 'ec2' | 'organizations' | 'accessanalyzer';

export interface ShapeRef {
  shape: string;
  locationName?: string;
  resultWrapper?: string;
  [key: string]: unknown;
}

export interface Shape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'blob' | 'double' | 'float';
  members?: Record<string, ShapeRef>;
  required?: string[];
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  exception?: boolean;
  [key: string]: unknown;
}

export interface Operation {
  name: string;
  http?: { method: string; requestUri: string };
  input?: ShapeRef;
  output?: ShapeRef;
  errors?: ShapeRef[];
  [key: string]: unknown;
}

export interface ServiceModel {
  metadata: { apiVersion: string; protocol: string; endpointPrefix: string; signingName?: string; [key: string]: unknown };
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

export const modelsDir = path.join(repoRoot, 'apps/api/aws-models');
const cache = new Map<ServiceName, ServiceModel>();

/** The parsed model of a service. */
export function serviceModel(service: ServiceName): ServiceModel {
  let model = cache.get(service);
  if (!model) {
    model = JSON.parse(gunzipSync(readFileSync(path.join(modelsDir, `${service}.service-2.json.gz`))).toString('utf8')) as ServiceModel;
    cache.set(service, model);
  }
  return model;
}
