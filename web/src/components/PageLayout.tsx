/**
 * The frame of every page: a title row (title, optional subtitle, actions on the right) and the
 * content in a card. `card={false}` leaves the content bare (dashboards with their own cards).
 */
import { useEffect, type ReactNode } from 'react';
import { Card, Flex, Typography } from 'antd';
import { PLATFORM_TITLE } from '../theme.ts';

export interface PageLayoutProps {
  title: ReactNode;
  /** Short text beside the title (scope, counts…). */
  subTitle?: ReactNode;
  /** Action buttons on the right of the title row. */
  extra?: ReactNode;
  /** Wrap the content in a card (default true). */
  card?: boolean;
  /** Browser tab title when `title` is not plain text. */
  documentTitle?: string;
  children?: ReactNode;
}

export function PageLayout({ title, subTitle, extra, card = true, documentTitle, children }: PageLayoutProps) {
  const tabTitle = documentTitle ?? (typeof title === 'string' ? title : undefined);
  useEffect(() => {
    if (tabTitle) document.title = `${tabTitle} - ${PLATFORM_TITLE}`;
  }, [tabTitle]);

  return (
    <section className="page">
      <Flex align="center" justify="space-between" wrap gap={8} style={{ marginBottom: 16 }}>
        <Flex align="baseline" wrap gap={8} style={{ minWidth: 0 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {subTitle ? <Typography.Text type="secondary">{subTitle}</Typography.Text> : null}
        </Flex>
        {extra ? (
          <Flex wrap gap={8}>
            {extra}
          </Flex>
        ) : null}
      </Flex>
      {card ? <Card variant="borderless">{children}</Card> : children}
    </section>
  );
}
