import type { ClientEvent, RateBudgetSnapshot } from '@oi/client';
import type { CollectorEvent } from '@oi/recovery';
import { describe, expectTypeOf, it } from 'vitest';
import type { ClientEventShapes, RateBudgetSnapshotShape } from './client-event-shapes.ts';
import type { CollectorEventShapes } from './collector-event-shapes.ts';

/**
 * For each type the metrics map: `true` when the real event of that type fits the shape the metrics
 * read, `'missing'` when the real union has no such type any more, `false` when its fields changed.
 */
type Fits<Real extends { readonly type: string }, Shapes> = {
  readonly [K in keyof Shapes]: [Extract<Real, { readonly type: K }>] extends [never]
    ? 'missing'
    : [Extract<Real, { readonly type: K }>] extends [Shapes[K]]
      ? true
      : false;
};
type AllTrue<Shapes> = { readonly [K in keyof Shapes]: true };

// A compile-time test (tsc runs over the tests): a change of the engine's or the client's events that
// the metrics would misread fails the typecheck here, naming the event type.
describe('event shapes', () => {
  it('fit the engine events they map', () => {
    expectTypeOf<Fits<CollectorEvent, CollectorEventShapes>>().toEqualTypeOf<AllTrue<CollectorEventShapes>>();
  });

  it('fit the client events they map', () => {
    expectTypeOf<Fits<ClientEvent, ClientEventShapes>>().toEqualTypeOf<AllTrue<ClientEventShapes>>();
  });

  it('fit the client budget snapshot', () => {
    expectTypeOf<RateBudgetSnapshot>().toExtend<RateBudgetSnapshotShape>();
  });
});
