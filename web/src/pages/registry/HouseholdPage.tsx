/** /households/:id — a household (户) of the registry with its members in the user's scope. */
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Result, Skeleton } from 'antd';
import { ApiError, errorMessage } from '../../api/client.ts';
import { fetchHousehold, type Household } from '../../api/registry.ts';
import { PageLayout } from '../../components/PageLayout.tsx';
import { HouseholdMembers } from './HouseholdMembers.tsx';

export default function HouseholdPage() {
  const params = useParams();
  const id = Number(params.id);
  const [data, setData] = useState<Household | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!Number.isInteger(id) || id <= 0) return;
    let live = true;
    fetchHousehold(id)
      .then((h) => live && setData(h))
      .catch((err: unknown) => live && setError(err));
    return () => {
      live = false;
    };
  }, [id]);

  if (!Number.isInteger(id) || id <= 0 || (error instanceof ApiError && error.status === 404)) {
    return <Result status="404" title="家庭不存在或无权访问" extra={<Link to="/registry">返回实名台账</Link>} />;
  }
  if (error) return <Alert type="error" showIcon title={errorMessage(error)} />;
  if (!data) return <Skeleton active />;
  return (
    <PageLayout title={`家庭：${data.householdNo}`} subTitle={`共 ${data.members.length} 名成员（本辖区内）`}>
      <HouseholdMembers household={data} />
    </PageLayout>
  );
}
