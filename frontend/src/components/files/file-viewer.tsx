'use client';

import { Box, Button, Flex, Stack, Text } from '@chakra-ui/react';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useId, useRef, useState, type PointerEvent } from 'react';
import type { FileView } from '@/api/types';
import { Modal } from '@/components/modal';
import { contentUrl } from './upload';

const BROWSER_IMAGES = ['image/jpeg', 'image/png', 'image/webp'];

/** A file in a dialog: images in a viewer for radiographs, PDF in the browser's own viewer, text as text. */
export function FileViewer({ file, onClose }: { file: FileView; onClose: () => void }) {
  const t = useTranslations('files');
  return (
    <Modal title={file.fileName} open onClose={onClose} size="xl">
      <Stack gap="3" data-testid="file-viewer">
        {BROWSER_IMAGES.includes(file.mimeType) ? (
          <ImageViewer file={file} />
        ) : file.mimeType === 'application/pdf' ? (
          <Box borderWidth="1px" borderRadius="md" overflow="hidden">
            <iframe title={file.fileName} src={contentUrl(file.id)} style={{ width: '100%', height: '70vh', border: 0 }} />
          </Box>
        ) : file.mimeType === 'text/plain' ? (
          <TextPreview file={file} />
        ) : (
          <Text>{t('noPreview')}</Text>
        )}
        {file.note && (
          <Text fontSize="sm" color="fg.muted">
            <bdi>{file.note}</bdi>
          </Text>
        )}
        <Flex>
          <Button asChild variant="outline">
            <a href={contentUrl(file.id, true)} download>
              {t('download')}
            </a>
          </Button>
        </Flex>
      </Stack>
    </Modal>
  );
}

const initial = { zoom: 1, rotation: 0, brightness: 100, contrast: 100, invert: false, x: 0, y: 0 };

/**
 * Zoom (buttons or the wheel), pan (drag), rotate, brightness, contrast and inversion: what a dentist
 * does to read a radiograph. CSS transforms and filters on the original image; nothing is changed.
 */
function ImageViewer({ file }: { file: FileView }) {
  const t = useTranslations('files');
  const [view, setView] = useState(initial);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const [dragging, setDragging] = useState(false);
  const ids = { brightness: useId(), contrast: useId() };
  const zoomBy = (factor: number) => setView((v) => ({ ...v, zoom: Math.min(8, Math.max(0.5, v.zoom * factor)) }));
  const onPointerDown = (event: PointerEvent) => {
    drag.current = { x: event.clientX - view.x, y: event.clientY - view.y };
    setDragging(true);
    (event.target as Element).setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent) => {
    const start = drag.current;
    if (start) setView((v) => ({ ...v, x: event.clientX - start.x, y: event.clientY - start.y }));
  };
  return (
    <Stack gap="3">
      <Box
        height="60vh"
        bg="black"
        overflow="hidden"
        borderRadius="md"
        position="relative"
        cursor={dragging ? 'grabbing' : 'grab'}
        onWheel={(event) => zoomBy(event.deltaY < 0 ? 1.15 : 1 / 1.15)}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={() => {
          drag.current = null;
          setDragging(false);
        }}
        style={{ touchAction: 'none' }}
        data-testid="image-stage"
      >
        <img
          src={contentUrl(file.id)}
          alt={file.fileName}
          draggable={false}
          data-testid="viewer-image"
          style={{
            position: 'absolute',
            inset: 0,
            margin: 'auto',
            maxWidth: '100%',
            maxHeight: '100%',
            transform: `translate(${view.x}px, ${view.y}px) rotate(${view.rotation}deg) scale(${view.zoom})`,
            filter: `brightness(${view.brightness}%) contrast(${view.contrast}%)${view.invert ? ' invert(1)' : ''}`,
            userSelect: 'none',
          }}
        />
      </Box>
      <Flex gap="2" wrap="wrap" align="center">
        <Button size="sm" variant="outline" onClick={() => zoomBy(1.25)} data-testid="zoom-in">
          {t('zoomIn')}
        </Button>
        <Button size="sm" variant="outline" onClick={() => zoomBy(0.8)}>
          {t('zoomOut')}
        </Button>
        <Button
          size="sm"
          variant="outline"
          onClick={() => setView((v) => ({ ...v, rotation: (v.rotation + 90) % 360 }))}
          data-testid="rotate"
        >
          {t('rotate')}
        </Button>
        <Button size="sm" variant="outline" aria-pressed={view.invert} onClick={() => setView((v) => ({ ...v, invert: !v.invert }))}>
          {t('invert')}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setView(initial)}>
          {t('reset')}
        </Button>
        <Text fontSize="sm" color="fg.muted" aria-live="polite">
          {Math.round(view.zoom * 100)} % · {view.rotation}°
        </Text>
      </Flex>
      <Flex gap="4" wrap="wrap">
        {(['brightness', 'contrast'] as const).map((name) => (
          <Flex key={name} gap="2" align="center">
            <label htmlFor={ids[name]}>{t(name)}</label>
            <input
              id={ids[name]}
              type="range"
              min={name === 'brightness' ? 30 : 50}
              max={name === 'brightness' ? 250 : 400}
              value={view[name]}
              onChange={(event) => setView((v) => ({ ...v, [name]: Number(event.target.value) }))}
              data-testid={name}
            />
            <Text fontSize="sm" minWidth="3.5rem">
              {view[name]} %
            </Text>
          </Flex>
        ))}
      </Flex>
    </Stack>
  );
}

/** A text file's content, in its own direction per paragraph. */
function TextPreview({ file }: { file: FileView }) {
  const text = useQuery({
    queryKey: ['files', 'text', file.id],
    queryFn: async () => (await fetch(contentUrl(file.id), { credentials: 'same-origin' })).text(),
  });
  return (
    <Box
      as="pre"
      dir="auto"
      whiteSpace="pre-wrap"
      maxHeight="60vh"
      overflow="auto"
      padding="3"
      borderWidth="1px"
      borderRadius="md"
      fontSize="sm"
    >
      {text.data ?? ''}
    </Box>
  );
}
