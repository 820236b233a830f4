import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// SharedArrayBuffer needs cross-origin isolation: the page and its worker are
// served with these two headers by the dev server and by `vite preview`.
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  server: { headers: crossOriginIsolation },
  preview: { port: 4173, headers: crossOriginIsolation },
  worker: { format: 'es' },
  build: { target: 'es2022' },
});
