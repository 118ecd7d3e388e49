import { EndpointThrottle } from './endpoint-throttle';

describe('EndpointThrottle', () => {
  it('never limits an endpoint that answers quickly', () => {
    const throttle = new EndpointThrottle(2);
    for (let i = 0; i < 20; i++) expect(throttle.tryAcquire('fast')).toBe(true);
  });

  it('limits a slow endpoint to its share of slots, and only that endpoint', () => {
    const throttle = new EndpointThrottle(2);
    expect(throttle.tryAcquire('slow', 0)).toBe(true);
    throttle.release('slow', true, 0);
    expect(throttle.tryAcquire('slow', 1)).toBe(true);
    expect(throttle.tryAcquire('slow', 1)).toBe(true);
    expect(throttle.tryAcquire('slow', 1)).toBe(false);
    expect(throttle.tryAcquire('other', 1)).toBe(true);
    throttle.release('slow', true, 2);
    expect(throttle.tryAcquire('slow', 3)).toBe(true);
  });

  it('lifts the limit after a fast attempt or after 30 s without a slow one', () => {
    const throttle = new EndpointThrottle(1);
    throttle.tryAcquire('a', 0);
    throttle.release('a', true, 0);
    throttle.tryAcquire('a', 1);
    expect(throttle.tryAcquire('a', 1)).toBe(false);
    throttle.release('a', false, 2);
    expect(throttle.tryAcquire('a', 3)).toBe(true);
    expect(throttle.tryAcquire('a', 3)).toBe(true);

    const later = new EndpointThrottle(1);
    later.tryAcquire('b', 0);
    later.release('b', true, 0);
    later.tryAcquire('b', 1);
    expect(later.tryAcquire('b', 29_000)).toBe(false);
    expect(later.tryAcquire('b', 30_001)).toBe(true);
  });
});
