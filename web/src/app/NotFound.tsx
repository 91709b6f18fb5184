import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { PageHeader } from '../components/ui';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('notFound.title')} description={t('notFound.text')} />
      <Link to="/profile" className="btn">
        {t('notFound.back')}
      </Link>
    </>
  );
}
