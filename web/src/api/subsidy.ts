/** Typed calls of the subsidy endpoints: claims (申报、审核、发放、收回) and the payment register. */
import type { z } from 'zod';
import type { ClaimDetail as ClaimDetailSchema, ClaimItem, ClaimListQuery, ReviewClaimInput, ReviewClaimOutput, SubmitClaimInput } from '../../../common/schemas/subsidy.ts';
import { api, downloadFile, type Paged } from './client.ts';

export type Claim = z.infer<typeof ClaimItem>;
export type ClaimKind = Claim['kind'];
export type ClaimStatus = NonNullable<z.input<typeof ClaimListQuery>['status']>;
export type ClaimDetail = z.infer<typeof ClaimDetailSchema>;
export type ClaimDecision = NonNullable<ClaimDetail['decision']>;
export type SubmitClaimData = z.input<typeof SubmitClaimInput>;
export type ReviewInput = z.input<typeof ReviewClaimInput>;
export type ReviewOutcome = z.infer<typeof ReviewClaimOutput>;

/** A row of the payment register (server/modules/subsidy/claims/payments.routes.ts). */
export interface Payment {
  id: number;
  claimId: number;
  kind: string;
  payee: string;
  regionCode: string;
  amountFen: number;
  recoveredFen: number;
  status: string;
  createdAt: string;
  paidAt: string | null;
  voucherNo: string | null;
}

export const fetchClaims = (q: { status?: ClaimStatus; kind?: ClaimKind; submittedFrom?: string; submittedTo?: string; page: number; pageSize: number }) => api.get<Paged<Claim>>('/api/v1/claims', q);
export const fetchClaim = (id: number) => api.get<ClaimDetail>(`/api/v1/claims/${id}`);
export const submitClaim = (input: SubmitClaimData) => api.post<{ id: number }>('/api/v1/claims', input);

/**
 * One review step. `idempotencyKey` identifies the user's action: a retry of the same action
 * sends the same key, so the server replays its first answer instead of deciding twice.
 */
export const reviewClaim = (id: number, input: ReviewInput, idempotencyKey: string) =>
  api.post<ReviewOutcome>(`/api/v1/claims/${id}/review`, input, { headers: { 'idempotency-key': idempotencyKey } });

export const payClaim = (id: number, voucherNo: string) => api.post<{ ok: true }>(`/api/v1/claims/${id}/pay`, { voucherNo });
export const recordRecovery = (id: number, amountFen: number, reason: string) => api.post<{ id: number }>(`/api/v1/claims/${id}/recoveries`, { amountFen, reason });

export const fetchPayments = (q: { page: number; pageSize: number }) => api.get<Paged<Payment>>('/api/v1/payments', q);
/** Downloads the register as .xlsx (the server names it 补贴发放台账.xlsx). */
export const exportPayments = () => downloadFile('/api/v1/payments/export', undefined, '补贴发放台账.xlsx');

/** A fresh Idempotency-Key for a new user action. */
export const newIdempotencyKey = (): string => crypto.randomUUID();
