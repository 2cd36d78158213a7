import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./src/i18n/request.ts');

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The workspace root holds the lockfile and the hoisted node_modules.
  turbopack: { root: fileURLToPath(new URL('..', import.meta.url)) },
  experimental: { optimizePackageImports: ['@chakra-ui/react'] },
};

export default withNextIntl(config);
