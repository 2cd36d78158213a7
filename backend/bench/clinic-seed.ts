import { execFileSync } from 'node:child_process';
import pg from 'pg';

/**
 * Bulk data for the clinic benchmark, written with set-based SQL as the superuser: one big clinic
 * (10 dentists on 10 chairs, 100k patients, ~100k appointments over ~20 months) and 20 small ones.
 */
export interface BigClinic {
  clinicId: string;
  dentistIds: string[];
  serviceId: string;
}

const ARABIC = ['محمد', 'أحمد', 'عبدالله', 'خالد', 'فهد', 'سلطان', 'فاطمة', 'نورة', 'سارة', 'ريم', 'هند', 'منيرة', 'مريم', 'عائشة'];
const ARABIC_LAST = ['العتيبي', 'القحطاني', 'الشمري', 'الدوسري', 'الغامدي', 'الزهراني', 'الحربي', 'المطيري', 'العنزي', 'الشهري'];
const LATIN = ['Omar', 'Ahmed', 'Yusuf', 'Sara', 'Layla', 'Maryam', 'Daniel', 'Emily', 'Priya', 'Hannah', 'Karim', 'Noor'];
const LATIN_LAST = ['Khan', 'Hassan', 'Smith', 'Patel', 'Rahman', 'Haddad', 'Nasser', 'Thomas', 'Siddiqui', 'Mansour'];

export async function seedBigClinic(adminUrl: string, clinicId: string, patientCount: number, slotCount: number): Promise<BigClinic> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('select setseed(0.42)');
    const dentistIds = (
      await client.query(
        `insert into users (clinic_id, id, email, password_hash, first_name, last_name, role)
         select $1, gen_random_uuid()::text, 'bench-dentist-' || g || '-' || $1 || '@example.test', 'x', 'Dentist', g::text, 'DENTIST'
         from generate_series(1, 10) g returning id`,
        [clinicId],
      )
    ).rows.map((r) => r.id as string);
    await client.query(
      `insert into staff_schedules (clinic_id, id, user_id, weekday, start_time, end_time)
       select $1, gen_random_uuid()::text, d, w, '08:00', '20:00' from unnest($2::text[]) d, generate_series(0, 6) w`,
      [clinicId, dentistIds],
    );
    const serviceId = (
      await client.query(
        "insert into services (clinic_id, id, name, price, duration_minutes) values ($1, gen_random_uuid()::text, 'Check-up', 150, 30) returning id",
        [clinicId],
      )
    ).rows[0].id as string;
    await insertPatients(client, clinicId, patientCount);
    // Slot k: dentist k % 10 on chair k % 10, the (k / 10)-th half hour of 08:00-20:00 Riyadh, from 400 days ago.
    // Every dentist keeps about 30 % of their half hours free, scattered through the day (the test mixes the
    // half hour with the dentist; it once depended on the dentist alone, leaving three dentists with no
    // appointment at all). Patients are spread so no patient is in two places at once.
    await client.query(
      `with patient_ids as (select array_agg(id order by id) as ids from patients where clinic_id = $1),
       slots as (
         select k, k % 10 as chair, (date_trunc('day', now() at time zone 'Asia/Riyadh') - interval '400 days'
                + ((k / 10) / 24) * interval '1 day' + interval '8 hours' + ((k / 10) % 24) * interval '30 minutes')
                at time zone 'Asia/Riyadh' as start_at
         from generate_series(0, $3::int - 1) k where ((k / 10) * 7 + k % 10) % 10 >= 3
       )
       insert into appointments (clinic_id, id, patient_id, dentist_id, service_id, room, start_at, end_at, status)
       select $1, gen_random_uuid()::text, (select ids from patient_ids)[1 + (k * 7919) % $4::int], ($2::text[])[1 + chair], $5,
              'Chair ' || (chair + 1), start_at, start_at + interval '30 minutes',
              case when start_at < now() then (case when k % 20 = 0 then 'no_show' else 'completed' end)::appointment_status
                   else 'scheduled'::appointment_status end
       from slots`,
      [clinicId, dentistIds, slotCount, patientCount, serviceId],
    );
    return { clinicId, dentistIds, serviceId };
  } finally {
    await client.end();
  }
}

async function insertPatients(client: pg.Client, clinicId: string, count: number): Promise<void> {
  // The per-row search-terms trigger is replaced by one set-based insert of the same terms.
  await client.query('alter table patients disable trigger patients_search_terms');
  await client.query(
    `insert into patients (clinic_id, id, first_name, last_name, phone, email)
     select $1, gen_random_uuid()::text,
       case when g % 10 < 7 then ($2::text[])[1 + g % array_length($2::text[], 1)] else ($4::text[])[1 + g % array_length($4::text[], 1)] end,
       case when g % 10 < 7 then ($3::text[])[1 + (g / 7) % array_length($3::text[], 1)] else ($5::text[])[1 + (g / 7) % array_length($5::text[], 1)] end
         || ' ' || g,
       '+9665' || lpad((g * 7919 % 100000000)::text, 8, '0'),
       case when g % 3 = 0 then 'patient' || g || '@example.com' end
     from generate_series(1, $6::int) g`,
    [clinicId, ARABIC, ARABIC_LAST, LATIN, LATIN_LAST, count],
  );
  await client.query('alter table patients enable trigger patients_search_terms');
  await client.query(
    `insert into patient_search_terms (clinic_id, patient_id, term, sort_name)
     select p.clinic_id, p.id, term, p.sort_name from patients p, dental_search_terms(p.search_text) as term where p.clinic_id = $1`,
    [clinicId],
  );
}

/**
 * Steady state after bulk loading: fresh statistics and visibility maps (as autovacuum would give),
 * and the gigabyte of dirty pages written out now rather than during the measurements.
 */
export async function vacuumAnalyze(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('vacuum analyze');
    await client.query('checkpoint');
    // The benchmark cluster runs with fsync off: without this, the kernel writes the loaded data back
    // while the first requests are timed.
    execFileSync('sync');
  } finally {
    await client.end();
  }
}

/** 20 small clinics with their own staff, patients and appointments, so the big one is not alone. */
export async function seedOtherClinics(adminUrl: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (let i = 0; i < count; i++) {
      const clinicId = (
        await client.query(
          "insert into clinics (id, name, slug) values (gen_random_uuid()::text, 'Other ' || $1, 'other-' || $1 || '-' || gen_random_uuid()) returning id",
          [i],
        )
      ).rows[0].id as string;
      await seedBigClinic(adminUrl, clinicId, 1000, 2000);
    }
  } finally {
    await client.end();
  }
}
