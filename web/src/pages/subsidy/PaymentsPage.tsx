/** /subsidy/payments — 拨付台账: approved claims' payments of the region, Excel export. */
import { useMe } from '../../auth/AuthContext.tsx';
import { PageLayout } from '../../components/PageLayout.tsx';
import { PaymentsTable } from './PaymentsTable.tsx';

export default function PaymentsPage() {
  const me = useMe();
  return (
    <PageLayout title="拨付台账" subTitle={me.scope.regionName ?? me.scope.regionCode}>
      <PaymentsTable />
    </PageLayout>
  );
}
