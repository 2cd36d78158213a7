import { Reports } from '@/components/reports/reports';

export default function ReportsPage() {
  return <Reports />;
}
