'use client';

import { Box, Flex, Text } from '@chakra-ui/react';
import { useTranslations } from 'next-intl';
import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import type { CalendarEntry, Slot } from '@/api/types';
import { STATUS_COLOR } from '@/components/status-badge';
import { useFormats } from '@/lib/format';
import { useProviders, useServices } from '@/lib/queries';
import { useSession } from '@/lib/session';
import { dayStartInstant, minutesInto, todayIn, type DaySpan } from '@/lib/time';
import { isClosed } from '@dental/shared';
import styles from './calendar.module.css';
import { firstWorkingMinute, offHours, placeEntries, snap, type Interval } from './layout';

export const PX_PER_MINUTE = 1.2;

export interface Column {
  key: string;
  title: string;
  span: DaySpan;
  entries: CalendarEntry[];
  slots: Slot[];
  /** What a drop in this column changes besides the time: the dentist (a dentist's column), the chair (a chair's column). */
  kind: 'dentist' | 'room' | 'day';
  dentistId?: string;
  room?: string | null;
  /** The dentist's working time (the API's), when the column is one dentist's: the rest is greyed. */
  working?: Interval[];
}

/** Where a dragged appointment goes: the new times and, dropped in another dentist's or chair's column, that one. */
export interface Move {
  id: string;
  columnKey: string;
  startAt: string;
  endAt: string;
  dentistId?: string;
  room?: string | null;
}

interface GridProps {
  columns: Column[];
  hours: { first: number; last: number };
  slotMinutes: number;
  busy: boolean;
  showDentist: boolean;
  /** The receptionist may drag appointments (move, resize) and book on an empty time. */
  editable: boolean;
  /** Narrow screens: no minimum width (one column fits a phone). */
  compact: boolean;
  /** A move sent to the API and not answered yet: shown where it goes. */
  moving: Move | null;
  onSlot: (slot: Slot, room: string | undefined) => void;
  onEntry: (entry: CalendarEntry) => void;
  onBookAt: (column: Column, startAt: string) => void;
  onMove: (entry: CalendarEntry, move: Move) => void;
}

interface Drag {
  entry: CalendarEntry;
  mode: 'move' | 'resize';
  column: number;
  x: number;
  y: number;
  pointerId: number;
  touch: boolean;
  active: boolean;
  timer?: ReturnType<typeof setTimeout>;
  /** Minutes from the day's start, as placed when the drag began. */
  start: number;
  end: number;
}

/** How far (px) a mouse moves before a press becomes a drag; a touch that moves this far first is a scroll. */
const DRAG_THRESHOLD = 5;
/** A finger holds an appointment this long (ms) before it can be dragged, so that a swipe still scrolls the calendar. */
const TOUCH_HOLD_MS = 350;

/** An appointment's colour on the calendar: its status's, but grey for a visit that did not happen. */
export const entryPalette = (status: CalendarEntry['status']): string =>
  status === 'no_show' || status === 'cancelled' ? 'gray' : STATUS_COLOR[status];

const iso = (span: DaySpan, minutes: number) => new Date(span.start + minutes * 60_000).toISOString();

/**
 * The grid re-renders only when its data changes (not when a dialog opens or closes above it).
 * Dragging uses plain pointer events (docs/decisions.md "Calendar drag and drop"): a press on an
 * appointment that moves becomes a move, on its bottom edge a resize; the preview is a ghost block, the
 * appointment itself stays where it is until the API has said yes.
 */
export const CalendarGrid = memo(function CalendarGrid({
  columns,
  hours,
  slotMinutes,
  busy,
  showDentist,
  editable,
  compact,
  moving,
  onSlot,
  onEntry,
  onBookAt,
  onMove,
}: GridProps) {
  const t = useTranslations('calendar');
  const tStatus = useTranslations('status');
  const formats = useFormats();
  const services = useServices();
  const providers = useProviders();
  const serviceOf = useMemo(() => new Map(services.data?.map((service) => [service.id, service])), [services.data]);
  const dentistOf = useMemo(() => new Map(providers.data?.map((dentist) => [dentist.id, dentist])), [providers.data]);
  const px = (minutes: number) => `${minutes * PX_PER_MINUTE}px`;
  // A phone's week: seven columns of a few letters each; the name takes the line (the gutter tells the time).
  const narrow = compact && columns.length > 1;
  const origin = hours.first * 60;
  const bodies = useRef<(HTMLDivElement | null)[]>([]);
  const drag = useRef<Drag | null>(null);
  const [preview, setPreview] = useState<Move | null>(null);
  const previewRef = useRef<Move | null>(null);
  const suppressClick = useRef(false);
  const cleanup = useRef<(() => void) | null>(null);
  // The keyboard's "book here" time of each column (minutes from the day's start).
  const [cursors, setCursors] = useState<Record<string, number>>({});

  useEffect(() => () => cleanup.current?.(), []);

  const showPreview = (next: Move | null) => {
    const last = previewRef.current;
    if (next?.startAt === last?.startAt && next?.endAt === last?.endAt && next?.columnKey === last?.columnKey) return;
    previewRef.current = next;
    setPreview(next);
  };

  /** Where the pointer puts the dragged appointment. */
  const target = (d: Drag, clientX: number, clientY: number): Move => {
    let index = d.column;
    if (d.mode === 'move') {
      const found = bodies.current.findIndex((body) => {
        const rect = body?.getBoundingClientRect();
        return rect !== undefined && clientX >= rect.left && clientX < rect.right;
      });
      if (found !== -1) index = found;
    }
    const column = columns[index]!;
    const delta = (clientY - d.y) / PX_PER_MINUTE;
    let start = d.start;
    let end: number;
    if (d.mode === 'move') {
      const duration = d.end - d.start;
      start = Math.min(Math.max(snap(d.start + delta, slotMinutes), origin), hours.last * 60 - duration);
      end = start + duration;
    } else {
      end = Math.min(Math.max(snap(d.end + delta, slotMinutes), d.start + slotMinutes), hours.last * 60);
    }
    return {
      id: d.entry.id,
      columnKey: column.key,
      startAt: iso(column.span, start),
      endAt: iso(column.span, end),
      ...(column.kind === 'dentist' ? { dentistId: column.dentistId } : {}),
      ...(column.kind === 'room' ? { room: column.room ?? null } : {}),
    };
  };

  const beginDrag = (entry: CalendarEntry, column: number, mode: Drag['mode']) => (event: PointerEvent<HTMLElement>) => {
    if (!editable || isClosed(entry.status) || event.button !== 0 || !event.isPrimary) return;
    if (mode === 'resize') event.stopPropagation();
    cleanup.current?.();
    const span = columns[column]!.span;
    const d: Drag = {
      entry,
      mode,
      column,
      x: event.clientX,
      y: event.clientY,
      pointerId: event.pointerId,
      touch: event.pointerType === 'touch',
      active: false,
      start: minutesInto(entry.startAt, span),
      end: minutesInto(entry.endAt, span),
    };
    drag.current = d;
    const activate = () => {
      d.active = true;
      showPreview(target(d, d.x, d.y));
    };
    if (d.touch) d.timer = setTimeout(activate, TOUCH_HOLD_MS);
    const onPointerMove = (e: globalThis.PointerEvent) => {
      if (e.pointerId !== d.pointerId) return;
      if (!d.active) {
        const distance = Math.hypot(e.clientX - d.x, e.clientY - d.y);
        if (distance < DRAG_THRESHOLD) return;
        if (d.touch) return stop(); // a swipe before the hold: the page scrolls
        activate();
      }
      showPreview(target(d, e.clientX, e.clientY));
    };
    const onPointerUp = (e: globalThis.PointerEvent) => {
      if (e.pointerId !== d.pointerId) return;
      const result = d.active ? target(d, e.clientX, e.clientY) : null;
      if (d.active) {
        // The click that follows the drop is not "open the appointment".
        suppressClick.current = true;
        setTimeout(() => (suppressClick.current = false), 0);
      }
      stop();
      const unchanged =
        result && result.startAt === d.entry.startAt && result.endAt === d.entry.endAt && result.columnKey === columns[d.column]!.key;
      if (result && !unchanged) onMove(d.entry, result);
    };
    // Once a finger drags, the page must not scroll under it (a non-passive listener may say so).
    const onTouchMove = (e: TouchEvent) => {
      if (d.active) e.preventDefault();
    };
    const onContextMenu = (e: Event) => {
      if (d.active || d.touch) e.preventDefault();
    };
    const stop = () => {
      clearTimeout(d.timer);
      window.removeEventListener('pointermove', onPointerMove);
      window.removeEventListener('pointerup', onPointerUp);
      window.removeEventListener('pointercancel', stop);
      window.removeEventListener('touchmove', onTouchMove);
      window.removeEventListener('contextmenu', onContextMenu);
      if (drag.current === d) drag.current = null;
      cleanup.current = null;
      showPreview(null);
    };
    window.addEventListener('pointermove', onPointerMove);
    window.addEventListener('pointerup', onPointerUp);
    window.addEventListener('pointercancel', stop);
    window.addEventListener('touchmove', onTouchMove, { passive: false });
    window.addEventListener('contextmenu', onContextMenu);
    cleanup.current = stop;
  };

  /** A click on an empty time books there, on the slot grid (the API's rules still decide). */
  const bookAtPointer = (column: Column, index: number) => (event: MouseEvent<HTMLDivElement>) => {
    if (!editable || (event.target as HTMLElement).closest('button')) return;
    const rect = bodies.current[index]!.getBoundingClientRect();
    const minutes = Math.floor(((event.clientY - rect.top) / PX_PER_MINUTE + origin) / slotMinutes) * slotMinutes;
    setCursors((current) => ({ ...current, [column.key]: minutes }));
    onBookAt(column, iso(column.span, minutes));
  };

  const cursorOf = (column: Column) =>
    cursors[column.key] ?? (column.working ? firstWorkingMinute(column.working, column.span, hours.first, hours.last) : origin);
  const moveCursor = (column: Column) => (event: KeyboardEvent<HTMLButtonElement>) => {
    const steps: Record<string, number> = { ArrowUp: -1, ArrowDown: 1, PageUp: -60 / slotMinutes, PageDown: 60 / slotMinutes };
    const step = steps[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const next = Math.min(Math.max(cursorOf(column) + step * slotMinutes, origin), hours.last * 60 - slotMinutes);
    setCursors((current) => ({ ...current, [column.key]: next }));
  };

  const dragged = preview ? columns.flatMap((c) => c.entries).find((e) => e.id === preview.id) : undefined;

  return (
    <Box overflowX="auto" borderWidth="1px" borderRadius="md" data-testid="calendar-grid" data-first-hour={hours.first} aria-busy={busy}>
      <Flex minW={compact ? undefined : `${Math.max(columns.length * 130 + 60, 600)}px`}>
        <TimeGutter first={hours.first} last={hours.last} />
        {columns.map((column, index) => {
          // An answered-for move shows where it goes; a drag in progress only as its ghost.
          const entries = moving
            ? [
                ...column.entries.filter((e) => e.id !== moving.id),
                ...columns
                  .flatMap((c) => c.entries)
                  .filter((e) => e.id === moving.id && moving.columnKey === column.key)
                  .slice(0, 1)
                  .map((e) => ({ ...e, startAt: moving.startAt, endAt: moving.endAt })),
              ]
            : column.entries;
          const dentist = column.dentistId ? dentistOf.get(column.dentistId) : undefined;
          const dentistName = dentist ? `${dentist.firstName} ${dentist.lastName}` : '';
          const cursor = cursorOf(column);
          const cursorTime = formats.time(iso(column.span, cursor));
          return (
            <Box
              key={column.key}
              flex="1"
              minW={compact ? '0' : '120px'}
              borderStartWidth="1px"
              data-testid="calendar-column"
              data-column={column.title}
            >
              <Box
                h="10"
                px={narrow ? '0.5' : '2'}
                py="2"
                borderBottomWidth="1px"
                bg="gray.50"
                fontSize={narrow ? 'xs' : 'sm'}
                fontWeight="semibold"
                textAlign={narrow ? 'center' : undefined}
                truncate
                title={column.title}
              >
                {column.title}
              </Box>
              <div
                ref={(element) => {
                  bodies.current[index] = element;
                }}
                className={styles.column}
                data-editable={editable || undefined}
                data-testid="calendar-column-body"
                style={{ height: px((hours.last - hours.first) * 60), ['--hour-height' as string]: px(60) }}
                onClick={bookAtPointer(column, index)}
              >
                {column.working &&
                  offHours(column.working, column.span, hours.first, hours.last).map((block) => (
                    <div
                      key={block.from}
                      className={styles.off}
                      data-testid="off-hours"
                      data-from={block.from}
                      data-to={block.to}
                      style={{ top: px(block.from - origin), height: px(block.to - block.from) }}
                    />
                  ))}
                {column.slots.map((slot) => {
                  const slotDentist = dentistOf.get(slot.dentistId);
                  const time = formats.time(slot.startAt);
                  return (
                    <button
                      key={`${slot.dentistId}-${slot.startAt}`}
                      type="button"
                      className={styles.slot}
                      style={{ top: px(minutesInto(slot.startAt, column.span) - origin), height: px(slotMinutes - 2) }}
                      aria-label={t('bookSlot', { time, dentist: slotDentist ? `${slotDentist.firstName} ${slotDentist.lastName}` : '' })}
                      data-testid="free-slot"
                      data-start={slot.startAt}
                      onClick={() => onSlot(slot, column.room ?? undefined)}
                    >
                      {time}
                    </button>
                  );
                })}
                {placeEntries(entries, column.span).map(({ entry, top, height, lane, lanes }) => {
                  const movable = editable && !isClosed(entry.status);
                  return (
                    <button
                      key={entry.id}
                      type="button"
                      className={styles.entry}
                      style={{
                        top: px(top - origin),
                        height: px(height - 1),
                        insetInlineStart: `calc(${(lane / lanes) * 100}% + 2px)`,
                        width: `calc(${100 / lanes}% - 4px)`,
                        ['--entry-color' as string]: `var(--chakra-colors-${entryPalette(entry.status)}-500)`,
                        ['--entry-background' as string]: `var(--chakra-colors-${entryPalette(entry.status)}-${entryPalette(entry.status) === 'gray' ? 100 : 50})`,
                      }}
                      data-testid="calendar-entry"
                      data-entry-id={entry.id}
                      data-status={entry.status}
                      data-movable={movable || undefined}
                      data-dragging={preview?.id === entry.id || undefined}
                      data-saving={moving?.id === entry.id || undefined}
                      onPointerDown={beginDrag(entry, index, 'move')}
                      onClick={() => {
                        if (!suppressClick.current) onEntry(entry);
                      }}
                    >
                      <strong>
                        {!narrow && formats.time(entry.startAt)} <bdi>{entry.patientName}</bdi>
                      </strong>
                      <span className={styles.meta}>
                        {formats.serviceName(serviceOf.get(entry.serviceId))}
                        {showDentist && (
                          <>
                            {' · '}
                            <bdi>{dentistOf.get(entry.dentistId)?.lastName ?? ''}</bdi>
                          </>
                        )}
                        {` · ${tStatus(entry.status)}`}
                      </span>
                      {movable && (
                        <span
                          className={styles.resize}
                          data-testid="resize-handle"
                          aria-hidden
                          onPointerDown={beginDrag(entry, index, 'resize')}
                        />
                      )}
                    </button>
                  );
                })}
                {preview && dragged && preview.columnKey === column.key && (
                  <div
                    className={styles.ghost}
                    aria-hidden
                    data-testid="drag-ghost"
                    style={{
                      top: px(minutesInto(preview.startAt, column.span) - origin),
                      height: px(minutesInto(preview.endAt, column.span) - minutesInto(preview.startAt, column.span) - 1),
                    }}
                  >
                    <strong>
                      {formats.time(preview.startAt)}–{formats.time(preview.endAt)}
                    </strong>
                    <span className={styles.meta}>{dragged.patientName}</span>
                  </div>
                )}
                {editable && (
                  <button
                    type="button"
                    className={styles.bookHere}
                    style={{ top: px(cursor - origin), height: px(slotMinutes) }}
                    aria-label={t('bookAt', { time: cursorTime, column: dentistName || column.title })}
                    aria-keyshortcuts="ArrowUp ArrowDown"
                    title={t('bookAtHint')}
                    data-testid="book-here"
                    data-start={iso(column.span, cursor)}
                    onKeyDown={moveCursor(column)}
                    onClick={(event) => {
                      event.stopPropagation();
                      onBookAt(column, iso(column.span, cursor));
                    }}
                  >
                    {cursorTime}
                  </button>
                )}
              </div>
            </Box>
          );
        })}
      </Flex>
    </Box>
  );
});

function TimeGutter({ first, last }: { first: number; last: number }) {
  const formats = useFormats();
  const { clinic } = useSession();
  const today = todayIn(clinic.timezone);
  const labels = Array.from({ length: last - first }, (_, i) => first + i);
  return (
    <Box w={{ base: '60px', md: '64px' }} flexShrink={0} fontSize="xs" color="fg.muted">
      <Box h="10" borderBottomWidth="1px" />
      <Box position="relative" h={`${(last - first) * 60 * PX_PER_MINUTE}px`}>
        {labels.map((hour) => (
          <Text
            key={hour}
            position="absolute"
            top={`${(hour - first) * 60 * PX_PER_MINUTE}px`}
            insetInlineEnd="1.5"
            dir="ltr"
            whiteSpace="nowrap"
          >
            {formats.time(dayStartInstant(today, clinic.timezone).plus({ hours: hour }).toUTC().toISO()!)}
          </Text>
        ))}
      </Box>
    </Box>
  );
}
