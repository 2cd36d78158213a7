import { PatientList } from '@/components/patients/patient-list';

export default function PatientsPage() {
  return <PatientList />;
}
