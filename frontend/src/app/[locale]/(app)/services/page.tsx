import { Services } from '@/components/services';

export default function ServicesPage() {
  return <Services />;
}
