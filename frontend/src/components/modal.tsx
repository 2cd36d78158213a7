'use client';

import { CloseButton, Dialog, Portal } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, type ReactNode } from 'react';

/** An open combobox's Escape closes its list, not the dialog around it. */
const ownsEscape = (target: EventTarget | null) => target instanceof HTMLElement && target.getAttribute('aria-expanded') === 'true';

/**
 * A dialog with a title, body and footer; Escape, the backdrop and the close button call onClose. Focus
 * goes back to the control that opened it, or to the page's heading when that control is gone (a booked
 * free slot, a cancelled appointment).
 */
export function Modal({
  title,
  open,
  onClose,
  children,
  footer,
  size = 'md',
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  size?: 'sm' | 'md' | 'lg' | 'xl';
}) {
  const t = useTranslations('common');
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (open && document.activeElement instanceof HTMLElement) opener.current = document.activeElement;
  }, [open]);
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(event) => !event.open && onClose()}
      onEscapeKeyDown={(event) => ownsEscape(event.target) && event.preventDefault()}
      finalFocusEl={() => (opener.current?.isConnected ? opener.current : document.querySelector<HTMLElement>('main h1'))}
      size={size}
      scrollBehavior="inside"
    >
      <Portal>
        <Dialog.Backdrop />
        <Dialog.Positioner>
          <Dialog.Content>
            <Dialog.Header>
              <Dialog.Title>{title}</Dialog.Title>
            </Dialog.Header>
            <Dialog.Body>{children}</Dialog.Body>
            {footer && <Dialog.Footer>{footer}</Dialog.Footer>}
            <Dialog.CloseTrigger asChild>
              <CloseButton size="sm" aria-label={t('close')} />
            </Dialog.CloseTrigger>
          </Dialog.Content>
        </Dialog.Positioner>
      </Portal>
    </Dialog.Root>
  );
}
