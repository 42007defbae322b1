import path from 'node:path'

export interface AppLocation {
  packaged: boolean
  /** The project (dev) or app.asar (packaged). */
  appRoot: string
  /** Electron's process.resourcesPath: where electron-builder puts extraResources. */
  resourcesPath: string
}

/**
 * Files shipped beside the app (electron-builder.yml `extraResources`): in resources/ of the
 * project while developing, in the app's resources folder when packaged.
 */
export const shippedResources = {
  trayIcon: (location: AppLocation, state: 'idle' | 'pending' | 'urgent') =>
    location.packaged ? path.join(location.resourcesPath, 'icons', `tray-${state}.png`) : path.join(location.appRoot, 'resources', 'icons', `tray-${state}.png`),
  /** Packaged only: in development the core finds the project's migrations itself. */
  migrationsDir: (location: AppLocation) => (location.packaged ? path.join(location.resourcesPath, 'migrations') : undefined),
}
