'use client';

import { Button } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { refreshSession } from '@/api/client';
import { FormError } from '@/components/form';

/**
 * Opens an invoice's or credit note's PDF (or XML) in a new tab. The tab is opened in the click itself
 * (so no pop-up blocker stops it) and shown the file once fetched: fetching first lets an expired
 * access token be renewed, which a plain link could not.
 */
export function DocumentButton({ href, label, testId }: { href: string; label: string; testId?: string }) {
  const t = useTranslations('billing');
  const [failed, setFailed] = useState(false);
  const [loading, setLoading] = useState(false);
  const open = async () => {
    setFailed(false);
    setLoading(true);
    const tab = window.open('', '_blank');
    try {
      let response = await fetch(href, { credentials: 'same-origin' });
      if (response.status === 401 && (await refreshSession())) response = await fetch(href, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(String(response.status));
      const url = URL.createObjectURL(await response.blob());
      if (tab) tab.location.href = url;
      else window.location.href = url;
    } catch {
      tab?.close();
      setFailed(true);
    } finally {
      setLoading(false);
    }
  };
  return (
    <>
      <Button size="sm" variant="outline" loading={loading} onClick={() => void open()} data-testid={testId}>
        {label}
      </Button>
      {failed && <FormError message={t('documentFailed')} />}
    </>
  );
}
