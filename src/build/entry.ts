/** Whether the module at `moduleUrl` is the script node was started with (build steps and scripts run as commands). */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export function isMain(moduleUrl: string): boolean {
  return Boolean(process.argv[1]) && moduleUrl === pathToFileURL(path.resolve(process.argv[1]!)).href;
}
