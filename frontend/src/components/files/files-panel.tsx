'use client';

import { Box, Button, Card, Flex, Heading, Image, Progress, SimpleGrid, Stack, Text } from '@chakra-ui/react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useRef, useState, type DragEvent } from 'react';
import { api } from '@/api/client';
import { call } from '@/api/problem';
import type { FileCategory, FileEntityType, FileView } from '@/api/types';
import { FormError, SelectField, useErrorMessage } from '@/components/form';
import { Modal } from '@/components/modal';
import { Empty, Loading } from '@/components/page';
import { useFormats } from '@/lib/format';
import { allPages } from '@/lib/queries';
import { useSession } from '@/lib/session';
import { INVOICE_FILES, isManager, PATIENT_FILES } from '@dental/shared';
import { FileViewer } from './file-viewer';
import { contentUrl, thumbnailUrl, uploadWithProgress } from './upload';

export const CATEGORIES: FileCategory[] = ['xray', 'photo', 'consent', 'document'];
const ACCEPT = 'image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif,application/pdf,application/dicom,.dcm,text/plain,.txt';

interface Upload {
  key: string;
  name: string;
  progress: number;
  error?: string;
  done?: boolean;
}

/**
 * The files of a patient (everything on them, their visits and invoices) or of one appointment: drop or
 * pick several files to upload (each with its progress), thumbnails grouped by category, view, download,
 * delete with confirmation.
 */
export function FilesPanel({
  patientId,
  target,
  compact = false,
  readOnly = false,
}: {
  patientId: string;
  /** Where new files go; with an appointment, only its files are listed. */
  target: { entityType: FileEntityType; entityId: string };
  compact?: boolean;
  /** An archived patient's files can be read, not added to. */
  readOnly?: boolean;
}) {
  const t = useTranslations('files');
  const tc = useTranslations('common');
  const { user } = useSession();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const input = useRef<HTMLInputElement>(null);
  const [category, setCategory] = useState('');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const [viewing, setViewing] = useState<FileView | null>(null);
  const [deleting, setDeleting] = useState<FileView | null>(null);
  const [deleteError, setDeleteError] = useState<string>();
  const byPatient = target.entityType === 'patient';
  const queryKey = ['files', byPatient ? 'patient' : target.entityType, byPatient ? patientId : target.entityId];
  const files = useQuery({
    queryKey,
    queryFn: () =>
      allPages((cursor) =>
        call(
          api.GET('/api/files', {
            params: { query: byPatient ? { patientId, limit: 200, cursor } : { ...target, limit: 200, cursor } },
          }),
        ),
      ),
  });
  const mayUpload = !readOnly && (target.entityType === 'invoice' ? INVOICE_FILES : PATIENT_FILES).includes(user.role);
  const mayDelete = (file: FileView) => isManager(user.role) || file.uploadedById === user.id;

  const update = (key: string, change: Partial<Upload>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));
  async function uploadAll(list: FileList | File[]) {
    const picked = [...list].map((file) => ({ file, key: `${file.name}-${crypto.randomUUID()}` }));
    setUploads((current) => [...current, ...picked.map(({ file, key }) => ({ key, name: file.name, progress: 0 }))]);
    await Promise.all(
      picked.map(async ({ file, key }) => {
        try {
          await uploadWithProgress({ ...target, category: (category || undefined) as FileCategory | undefined }, file, (progress) =>
            update(key, { progress }),
          );
          update(key, { progress: 1, done: true });
        } catch (error) {
          update(key, { error: errorMessage(error) });
        }
      }),
    );
    void queryClient.invalidateQueries({ queryKey: ['files'] });
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length > 0) void uploadAll(event.dataTransfer.files);
  }

  /** Opens the confirmation for one file, without the error another file's deletion left. */
  function askToDelete(file: FileView) {
    setDeleteError(undefined);
    setDeleting(file);
  }

  async function confirmDelete() {
    if (!deleting) return;
    try {
      await call(api.DELETE('/api/files/{id}', { params: { path: { id: deleting.id } } }));
      setDeleting(null);
      void queryClient.invalidateQueries({ queryKey: ['files'] });
    } catch (error) {
      setDeleteError(errorMessage(error));
    }
  }

  const groups = CATEGORIES.map((c) => ({ category: c, items: files.data?.filter((f) => f.category === c) ?? [] })).filter(
    (g) => g.items.length,
  );
  return (
    <Stack gap="4" data-testid={`files-${target.entityType}`}>
      {mayUpload && (
        <Box
          borderWidth="2px"
          borderStyle="dashed"
          borderColor={dragging ? 'colorPalette.solid' : 'border.control'}
          colorPalette="teal"
          borderRadius="md"
          padding={compact ? '3' : '5'}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="file-drop"
        >
          <Flex gap="3" align="end" wrap="wrap">
            <Box flex="1" minWidth="12rem">
              <Text fontWeight="medium">{t('dropHere')}</Text>
              <Text fontSize="sm" color="fg.muted">
                {t('accepted')}
              </Text>
            </Box>
            <Box width="12rem">
              <SelectField
                label={t('category')}
                name="category"
                value={category}
                onChange={setCategory}
                placeholder={t('categoryAuto')}
                options={CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
              />
            </Box>
            <Button onClick={() => input.current?.click()} data-testid="choose-files">
              {t('choose')}
            </Button>
            <input
              ref={input}
              type="file"
              multiple
              hidden
              accept={ACCEPT}
              aria-label={t('choose')}
              onChange={(event) => {
                if (event.target.files?.length) void uploadAll(event.target.files);
                event.target.value = '';
              }}
            />
          </Flex>
          {uploads.length > 0 && (
            <Stack gap="2" marginTop="3" as="ul" listStyleType="none" aria-label={t('uploads')}>
              {uploads.map((u) => (
                <Box as="li" key={u.key} data-testid="upload-item">
                  <Flex justify="space-between" gap="2" fontSize="sm">
                    <Text truncate>
                      <bdi>{u.name}</bdi>
                    </Text>
                    <Text color={u.error ? 'fg.error' : 'fg.muted'} flexShrink={0}>
                      {u.error ?? (u.done ? t('uploaded') : `${Math.round(u.progress * 100)} %`)}
                    </Text>
                  </Flex>
                  {!u.error && (
                    <Progress.Root
                      value={Math.round(u.progress * 100)}
                      size="xs"
                      colorPalette={u.done ? 'green' : 'teal'}
                      aria-label={t('progressOf', { name: u.name })}
                    >
                      <Progress.Track>
                        <Progress.Range />
                      </Progress.Track>
                    </Progress.Root>
                  )}
                </Box>
              ))}
            </Stack>
          )}
        </Box>
      )}
      {files.error && <FormError message={errorMessage(files.error)} />}
      {!files.data ? (
        <Loading />
      ) : files.data.length === 0 ? (
        <Empty>{t('empty')}</Empty>
      ) : (
        groups.map((group) => (
          <Stack key={group.category} gap="2">
            <Heading as="h3" size="sm">
              {t(`categories.${group.category}`)}
            </Heading>
            <SimpleGrid columns={compact ? { base: 2, md: 3 } : { base: 2, md: 4, lg: 6 }} gap="3" as="ul" listStyleType="none">
              {group.items.map((file) => (
                <FileCard
                  key={file.id}
                  file={file}
                  onView={() => setViewing(file)}
                  onDelete={mayDelete(file) ? () => askToDelete(file) : undefined}
                />
              ))}
            </SimpleGrid>
          </Stack>
        ))
      )}
      {viewing && <FileViewer file={viewing} onClose={() => setViewing(null)} />}
      <Modal
        title={t('deleteTitle')}
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        footer={
          <Flex gap="2">
            <Button variant="outline" onClick={() => setDeleting(null)}>
              {tc('cancel')}
            </Button>
            <Button colorPalette="red" onClick={() => void confirmDelete()} data-testid="confirm-delete-file">
              {t('delete')}
            </Button>
          </Flex>
        }
      >
        <Text>{deleting && t.rich('deleteExplain', { name: deleting.fileName, bdi: (chunks) => <bdi>{chunks}</bdi> })}</Text>
        <FormError message={deleteError} />
      </Modal>
    </Stack>
  );
}

function FileCard({ file, onView, onDelete }: { file: FileView; onView: () => void; onDelete?: () => void }) {
  const t = useTranslations('files');
  const formats = useFormats();
  const size = useFileSize();
  return (
    <Card.Root as="li" size="sm" overflow="hidden" data-testid="file-card">
      <Box
        as="button"
        onClick={onView}
        aria-label={t('view', { name: file.fileName })}
        height="7rem"
        bg="gray.900"
        display="flex"
        alignItems="center"
        justifyContent="center"
        cursor="pointer"
      >
        {file.hasThumbnail ? (
          <Image src={thumbnailUrl(file.id)} alt="" maxHeight="100%" maxWidth="100%" loading="lazy" />
        ) : (
          <Text color="white" fontWeight="bold" fontSize="lg">
            {typeLabel(file.mimeType)}
          </Text>
        )}
      </Box>
      <Card.Body padding="2" gap="1">
        <Text fontSize="sm" fontWeight="medium" truncate title={file.fileName}>
          <bdi>{file.fileName}</bdi>
        </Text>
        <Text fontSize="xs" color="fg.muted">
          {size(file.sizeBytes)} · {formats.dateTime(file.createdAt)}
        </Text>
        <Flex gap="1" wrap="wrap">
          <Button asChild size="xs" variant="outline">
            <a href={contentUrl(file.id, true)} download aria-label={t('downloadName', { name: file.fileName })}>
              {t('download')}
            </a>
          </Button>
          {onDelete && (
            <Button size="xs" variant="outline" colorPalette="red" onClick={onDelete} aria-label={t('deleteName', { name: file.fileName })}>
              {t('delete')}
            </Button>
          )}
        </Flex>
      </Card.Body>
    </Card.Root>
  );
}

export function typeLabel(mimeType: string): string {
  const labels: Record<string, string> = {
    'application/pdf': 'PDF',
    'application/dicom': 'DICOM',
    'text/plain': 'TXT',
    'image/heic': 'HEIC',
    'image/heif': 'HEIF',
  };
  return labels[mimeType] ?? mimeType.split('/')[1]?.toUpperCase() ?? '';
}

/** 1.2 MB, 340 kB in the page's language. */
export function useFileSize() {
  const locale = useLocale();
  return (bytes: number) => {
    const [value, unit] = bytes >= 1_000_000 ? [bytes / 1_000_000, 'megabyte'] : [Math.max(bytes / 1000, 0.1), 'kilobyte'];
    return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
  };
}
