-- Calendar and availability look-ups are "appointments of this dentist/room starting in a window";
-- bounding the duration lets a btree on start_at answer "overlaps [from, to)" without a range index.
ALTER TABLE appointments ADD CONSTRAINT appointments_duration_bound CHECK (end_at - start_at <= interval '12 hours');
--> statement-breakpoint
CREATE INDEX appointments_dentist_idx ON appointments (clinic_id, dentist_id, start_at);
--> statement-breakpoint
CREATE INDEX appointments_room_idx ON appointments (clinic_id, room, start_at) WHERE room IS NOT NULL;
