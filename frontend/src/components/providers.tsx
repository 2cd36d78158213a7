'use client';

import { ChakraProvider, LocaleProvider } from '@chakra-ui/react';
import { system } from './theme';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ApiError } from '@/api/problem';
import { EmotionRegistry } from './emotion-registry';

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx will not change by asking again.
        retry: (failures, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
      },
    },
  });
}

export function Providers({ locale, children }: { locale: string; children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  return (
    <EmotionRegistry>
      <ChakraProvider value={system}>
        <LocaleProvider locale={locale === 'ar' ? 'ar' : 'en-US'}>
          <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
        </LocaleProvider>
      </ChakraProvider>
    </EmotionRegistry>
  );
}
