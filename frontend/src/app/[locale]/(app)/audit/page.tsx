import { AuditLog } from '@/components/audit-log';

export default function AuditPage() {
  return <AuditLog />;
}
