import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // The desktop entry and the headless `serve` and `restore` entries share one core build.
        input: {
          index: resolve(__dirname, 'src/main/desktop/main.ts'),
          serve: resolve(__dirname, 'src/main/serve.ts'),
          restore: resolve(__dirname, 'src/main/restore.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    base: './',
    build: {
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
    plugins: [react()],
  },
})
