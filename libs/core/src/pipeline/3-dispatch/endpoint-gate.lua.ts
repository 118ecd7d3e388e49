/**
 * The two Lua scripts behind EndpointGate: each runs atomically in Redis, so every worker process of
 * the deployment sees one rate, one in-flight count and one adaptive state per webhook.
 *
 * Keys of a webhook: KEYS[1] `…:rate` (GCRA's theoretical arrival time, ms), KEYS[2] `…:flight`
 * (a sorted set of in-flight attempts scored by when their lease ends), KEYS[3] `…:state` (a hash:
 * `paused` until, ms; `limit`, the adaptive in-flight limit while the endpoint recovers), KEYS[4]
 * `…:sent` (a sorted set of the last second's starts, by time: when the gate let the attempt through, and
 * once it ends, when its request went out).
 */

/**
 * ARGV: now, rate (requests a second, 0: none), maxInFlight (0: none), leaseMs, token, reserved (1:
 * this attempt already holds a rate slot from an earlier deferral), waits (how often this attempt
 * found the in-flight limit full: its wait doubles each time, up to 8×). Returns 0 when the attempt may
 * start (it is then in flight), else the milliseconds to wait; a rate wait reserves the slot, and is
 * returned negative so the caller knows to say so when it comes back.
 *
 * Slots (GCRA) keep the waiting attempts in a fair order; the last second's starts are the cap:
 * attempts that come back late for their slots (a busy worker, a slow queue) would otherwise go out
 * together, so whatever the slots say, no one-second window holds more than `rate` starts, and no
 * start follows the previous one by less than a slot. A backlog goes out paced at the rate, not in
 * bursts that the endpoint, counting arrivals on its own clock, could see spill into the next window:
 * with half a slot, attempts that came back together left two a slot until the second was full, and
 * a few milliseconds of difference between their starts and their arrivals put 23 in one of the
 * endpoint's seconds at 20/s.
 *
 * Attempts turned away for the same moment line up behind it, a slot apart and up to a second ahead
 * (`…:line`: the moment, and the place last given behind it). Told the same moment, all of them came
 * back together each time a start left the window, one went and the rest were told the next moment:
 * a backlog's waiting attempts asked the gate 650 times a second to send 20. The line promises
 * nothing (whoever asks when the cap allows goes) and starts afresh from each new moment, so it never
 * runs ahead of the starts: kept across moments, a place a slot after the last one given, it ran
 * ahead of them, and the webhook sent 14–15 a second where it may send 20.
 */
export const ACQUIRE = `
local now = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local maxInFlight = tonumber(ARGV[3])
local leaseMs = tonumber(ARGV[4])
local paused = tonumber(redis.call('HGET', KEYS[3], 'paused') or '0')
if paused > now then return paused - now end
local limit = tonumber(redis.call('HGET', KEYS[3], 'limit') or '0')
if maxInFlight > 0 and (limit == 0 or maxInFlight < limit) then limit = maxInFlight end
if limit > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  if redis.call('ZCARD', KEYS[2]) >= limit then
    return math.floor((100 + math.random(150)) * math.min(2 ^ tonumber(ARGV[7]), 8))
  end
end
if rate > 0 then
  local interval = 1000 / rate
  if ARGV[6] ~= '1' then
    local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
    redis.call('SET', KEYS[1], tat + interval, 'PX', math.ceil(math.max(interval * 2, 60000) + tat - now))
    if tat > now then return now - tat end
  end
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - 1000)
  local due = now
  if redis.call('ZCARD', KEYS[4]) >= rate then
    due = tonumber(redis.call('ZRANGE', KEYS[4], 0, 0, 'WITHSCORES')[2]) + 1000
  end
  local latest = redis.call('ZREVRANGE', KEYS[4], 0, 0, 'WITHSCORES')[2]
  if latest and tonumber(latest) + interval > due then due = tonumber(latest) + interval end
  if due > now then
    local moment = tonumber(redis.call('HGET', KEYS[5], 'due') or '-1')
    local place = 0
    if math.abs(moment - due) < 0.5 then place = tonumber(redis.call('HGET', KEYS[5], 'told')) + 1 end
    redis.call('HSET', KEYS[5], 'due', due, 'told', place)
    redis.call('PEXPIRE', KEYS[5], 2000)
    return -math.max(1, math.ceil(math.min(due + place * interval, now + 1000) - now))
  end
  redis.call('ZADD', KEYS[4], now, ARGV[5])
  redis.call('PEXPIRE', KEYS[4], 2000)
end
redis.call('ZADD', KEYS[2], now + leaseMs, ARGV[5])
redis.call('PEXPIRE', KEYS[2], leaseMs * 2)
return 0
`;

/**
 * ARGV: now, token, outcome (`ok`, `throttled`, `timeout`, `other`), pauseMs (throttled: the
 * Retry-After, at least a second), ceiling (the in-flight limit the endpoint recovers to), sentAt
 * (when the attempt's request went out, 0: not sent). The start counted in the last second moves to
 * sentAt: a busy worker may send well after the gate let it through, and the endpoint counts what it
 * receives, so the next second's starts must wait for that one's second to pass, not the earlier one's.
 * Throttled or timed out: the adaptive limit halves (from the ceiling, at first; never below 1),
 * throttled also pauses the endpoint. Success: the limit grows by one, and the endpoint is healthy
 * again (its state removed) once it reaches the ceiling. Returns 1 while the endpoint is degraded,
 * 0 once it is healthy.
 */
export const RELEASE = `
local now = tonumber(ARGV[1])
local outcome = ARGV[3]
local ceiling = tonumber(ARGV[5])
redis.call('ZREM', KEYS[2], ARGV[2])
local sentAt = tonumber(ARGV[6])
if sentAt > 0 and redis.call('ZSCORE', KEYS[4], ARGV[2]) then redis.call('ZADD', KEYS[4], sentAt, ARGV[2]) end
local limit = tonumber(redis.call('HGET', KEYS[3], 'limit') or '0')
if outcome == 'throttled' or outcome == 'timeout' then
  if limit == 0 then limit = ceiling end
  redis.call('HSET', KEYS[3], 'limit', math.max(1, math.floor(limit / 2)))
  if outcome == 'throttled' then
    local until_ = now + tonumber(ARGV[4])
    local paused = tonumber(redis.call('HGET', KEYS[3], 'paused') or '0')
    if until_ > paused then redis.call('HSET', KEYS[3], 'paused', until_) end
  end
  redis.call('PEXPIRE', KEYS[3], 600000)
  return 1
end
if limit == 0 then return 0 end
if outcome == 'ok' then
  if limit + 1 >= ceiling then
    redis.call('DEL', KEYS[3])
    return 0
  end
  redis.call('HSET', KEYS[3], 'limit', limit + 1)
end
return 1
`;
