package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/slidereel/slidereel/export"
	"github.com/slidereel/slidereel/project"
)

// DefaultQueue is the Redis list the old service consumed.
const DefaultQueue = "queue:video-service"

// Task types.
const (
	TypeCreateVideo           = "CreateVideo"
	TypeGenerateVideo         = "GenerateVideo"
	TypeCreateVideoFromSlides = "CreateVideoFromSlides"
)

// Task statuses (the "status" field of the task:<id> hash).
const (
	StatusQueued  = "queued"  // written by Enqueue, and when a task is put back
	StatusWaiting = "waiting" // its dependencies are not done yet
	StatusRunning = "running"
	StatusDone    = "done"
	StatusFailed  = "failed"
)

// Task is one job on the queue (the JSON pushed with LPUSH).
type Task struct {
	ID           string          `json:"id"`
	Type         string          `json:"type"`
	Params       json.RawMessage `json:"params,omitempty"`
	Dependencies Dependencies    `json:"dependencies,omitzero"`
}

// Dependencies name earlier tasks whose results a CreateVideoFromSlides
// task uses: the audio from voice_track_id's result, the images from the
// results of slide_ids in order.
type Dependencies struct {
	VoiceTrackID string   `json:"voice_track_id,omitempty"`
	SlideIDs     []string `json:"slide_ids,omitempty"`
}

// WorkerConfig configures a Redis worker.
type WorkerConfig struct {
	// Client is the Redis connection. The worker does not close it.
	Client *redis.Client
	// Queue is the task list; "" means DefaultQueue.
	Queue string
	// TaskPrefix prefixes the per-task status hash; "" means "task:".
	TaskPrefix string
	// ID names this worker; unique among the workers of a queue. "" picks
	// <hostname>-<pid>-<random>.
	ID string
	// OutputDir receives the videos: video-<task id>.mp4. It must exist.
	OutputDir string
	// Roots confines the media paths of tasks (and of dependency results).
	Roots *Roots
	// Render renders a project; see RenderFunc.
	Render RenderFunc
	// Concurrency is how many tasks this worker renders at once (default 1).
	Concurrency int
	// HeartbeatTTL is how long the worker counts as alive after its last
	// heartbeat (refreshed every TTL/5). Default 5 s.
	HeartbeatTTL time.Duration
	// ReapEvery is how often this worker requeues the tasks of dead
	// workers and releases delayed tasks. Default 1 s.
	ReapEvery time.Duration
	// BlockTimeout bounds one BLMOVE wait (so a stop is noticed); at most
	// 2 s, below the client's read timeout. Default 1 s.
	BlockTimeout time.Duration
	// DependencyRetry is the delay before a task whose dependencies are not
	// done is tried again. Default 2 s.
	DependencyRetry time.Duration
	// DependencyTimeout fails a task whose dependencies are still not done
	// this long after it first waited. Default 10 min.
	DependencyTimeout time.Duration
	// MaxAttempts fails a task after this many renders were started for it
	// (each died with its worker). Default 3.
	MaxAttempts int
	// SegmentCache receives the segments of RenderSegment tasks (render
	// --farm); on a farm it is one folder on storage every worker and the
	// coordinator see. Nil: such tasks fail.
	SegmentCache *export.SegmentCache
	// Log receives one line per task event; nil discards.
	Log *log.Logger
	// Limits fail a task over them before any work (see
	// ServerConfig.Limits); the zero value limits nothing.
	Limits export.Limits
}

// Worker consumes the task queue. Many workers, on any number of
// machines, may share one queue; see the package documentation for the
// reliability design.
type Worker struct {
	cfg WorkerConfig
	rdb *redis.Client
	log *log.Logger

	queue, processing, heartbeat, workers, delayed, dead string

	// beforeSegment, if set (by tests), runs when a segment task starts.
	beforeSegment func(ctx context.Context, taskID string) error
}

// NewWorker checks cfg and returns a worker.
func NewWorker(cfg WorkerConfig) (*Worker, error) {
	if cfg.Client == nil {
		return nil, errors.New("worker: no Redis client")
	}
	if err := checkEngine("worker", cfg.Roots, cfg.Render, cfg.OutputDir); err != nil {
		return nil, err
	}
	if cfg.Queue == "" {
		cfg.Queue = DefaultQueue
	}
	if cfg.TaskPrefix == "" {
		cfg.TaskPrefix = "task:"
	}
	if cfg.ID == "" {
		host, _ := os.Hostname()
		if host == "" {
			host = "worker"
		}
		cfg.ID = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), randomID()[:8])
	}
	cfg.Concurrency = max(cfg.Concurrency, 1)
	if cfg.HeartbeatTTL <= 0 {
		cfg.HeartbeatTTL = 5 * time.Second
	}
	if cfg.ReapEvery <= 0 {
		cfg.ReapEvery = time.Second
	}
	if cfg.BlockTimeout <= 0 || cfg.BlockTimeout > 2*time.Second {
		cfg.BlockTimeout = time.Second // below go-redis's default 3 s read timeout
	}
	if cfg.DependencyRetry <= 0 {
		cfg.DependencyRetry = 2 * time.Second
	}
	if cfg.DependencyTimeout <= 0 {
		cfg.DependencyTimeout = 10 * time.Minute
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 3
	}
	lg := cfg.Log
	if lg == nil {
		lg = log.New(io.Discard, "", 0)
	}
	q := cfg.Queue
	return &Worker{
		cfg: cfg, rdb: cfg.Client, log: lg,
		queue:      q,
		processing: q + ":processing:" + cfg.ID,
		heartbeat:  q + ":worker:" + cfg.ID,
		workers:    q + ":workers",
		delayed:    q + ":delayed",
		dead:       q + ":dead",
	}, nil
}

// ID returns the worker's id.
func (w *Worker) ID() string { return w.cfg.ID }

func (w *Worker) taskKey(id string) string { return w.cfg.TaskPrefix + id }

// Run consumes tasks until ctx ends. Then it stops taking tasks, cancels
// the renders in progress, puts their tasks back on the queue and
// unregisters. It returns an error only if Redis cannot be reached at the
// start.
func (w *Worker) Run(ctx context.Context) error {
	if err := w.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("worker %s: connecting to Redis: %w", w.cfg.ID, err)
	}
	// Tasks left in our own processing list by an earlier life of this id.
	if n, err := w.requeueAll(ctx, w.processing); err != nil {
		return fmt.Errorf("worker %s: recovering %s: %w", w.cfg.ID, w.processing, err)
	} else if n > 0 {
		w.log.Printf("worker %s: put back %d tasks of an earlier run", w.cfg.ID, n)
	}
	if err := w.beat(ctx); err != nil {
		return fmt.Errorf("worker %s: registering: %w", w.cfg.ID, err)
	}
	hbCtx, stopHB := context.WithCancel(context.WithoutCancel(ctx))
	var hb sync.WaitGroup
	hb.Go(func() { w.heartbeatLoop(hbCtx) })

	var wg sync.WaitGroup
	wg.Go(func() { w.reapLoop(ctx) })
	for range w.cfg.Concurrency {
		wg.Go(func() { w.consume(ctx) })
	}
	wg.Wait()

	// Graceful stop: anything still in our list goes back to the queue.
	clean, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if n, err := w.requeueAll(clean, w.processing); err != nil {
		w.log.Printf("worker %s: putting back tasks at stop: %v", w.cfg.ID, err)
	} else if n > 0 {
		w.log.Printf("worker %s: put back %d tasks at stop", w.cfg.ID, n)
	}
	stopHB()
	hb.Wait()
	pipe := w.rdb.TxPipeline()
	pipe.Del(clean, w.heartbeat)
	pipe.SRem(clean, w.workers, w.cfg.ID)
	if _, err := pipe.Exec(clean); err != nil {
		w.log.Printf("worker %s: unregistering: %v", w.cfg.ID, err)
	}
	w.log.Printf("worker %s: stopped", w.cfg.ID)
	return nil
}

// beat refreshes the heartbeat key and the registration.
func (w *Worker) beat(ctx context.Context) error {
	pipe := w.rdb.TxPipeline()
	pipe.Set(ctx, w.heartbeat, time.Now().UTC().Format(time.RFC3339Nano), w.cfg.HeartbeatTTL)
	pipe.SAdd(ctx, w.workers, w.cfg.ID)
	_, err := pipe.Exec(ctx)
	return err
}

func (w *Worker) heartbeatLoop(ctx context.Context) {
	t := time.NewTicker(max(w.cfg.HeartbeatTTL/5, 10*time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := w.beat(ctx); err != nil && ctx.Err() == nil {
				w.log.Printf("worker %s: heartbeat: %v", w.cfg.ID, err)
			}
		}
	}
}

func (w *Worker) reapLoop(ctx context.Context) {
	t := time.NewTicker(w.cfg.ReapEvery)
	defer t.Stop()
	for {
		if n, err := w.Reap(ctx); err != nil && ctx.Err() == nil {
			w.log.Printf("worker %s: reaper: %v", w.cfg.ID, err)
		} else if n > 0 {
			w.log.Printf("worker %s: requeued %d tasks of dead workers", w.cfg.ID, n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// reapScript requeues the tasks of every registered worker whose
// heartbeat expired and unregisters it, then moves due delayed tasks back
// onto the queue; all in one atomic step.
//
// KEYS: workers set, queue, delayed zset.
// ARGV: processing prefix, heartbeat prefix, task prefix, now (ms).
var reapScript = redis.NewScript(`
local moved = 0
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[2] .. id) == 0 then
    local pl = ARGV[1] .. id
    while true do
      local t = redis.call('LMOVE', pl, KEYS[2], 'LEFT', 'RIGHT')
      if not t then break end
      moved = moved + 1
      local ok, task = pcall(cjson.decode, t)
      if ok and type(task) == 'table' and type(task.id) == 'string' and task.id ~= '' then
        local k = ARGV[3] .. task.id
        if redis.call('HGET', k, 'status') ~= 'done' then
          redis.call('HSET', k, 'status', 'queued')
        end
        redis.call('HINCRBY', k, 'requeued', 1)
      end
    end
    redis.call('SREM', KEYS[1], id)
  end
end
local due = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[4], 'LIMIT', 0, 100)
for _, t in ipairs(due) do
  if redis.call('ZREM', KEYS[3], t) == 1 then
    redis.call('LPUSH', KEYS[2], t)
  end
end
return moved
`)

// Reap puts the tasks of dead workers (registered, heartbeat expired)
// back on the queue and releases delayed tasks that are due. It returns
// the number of tasks requeued. Every worker runs it every ReapEvery.
func (w *Worker) Reap(ctx context.Context) (int, error) {
	n, err := reapScript.Run(ctx, w.rdb,
		[]string{w.workers, w.queue, w.delayed},
		w.queue+":processing:", w.queue+":worker:", w.cfg.TaskPrefix, time.Now().UnixMilli()).Int()
	return n, err
}

// requeueAll moves every task of list back to the consumer end of the
// queue, oldest first, and returns how many it moved.
func (w *Worker) requeueAll(ctx context.Context, list string) (int, error) {
	n := 0
	for {
		raw, err := w.rdb.LMove(ctx, list, w.queue, "LEFT", "RIGHT").Result()
		if errors.Is(err, redis.Nil) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
		var t Task
		if json.Unmarshal([]byte(raw), &t) == nil && t.ID != "" {
			w.rdb.HSet(ctx, w.taskKey(t.ID), "status", StatusQueued)
		}
	}
}

func (w *Worker) consume(ctx context.Context) {
	for ctx.Err() == nil {
		// BLMOVE with a fractional timeout (go-redis's BLMove rounds up to
		// whole seconds).
		raw, err := w.rdb.Do(ctx, "BLMOVE", w.queue, w.processing, "RIGHT", "LEFT",
			strconv.FormatFloat(w.cfg.BlockTimeout.Seconds(), 'f', 3, 64)).Text()
		if errors.Is(err, redis.Nil) {
			continue
		}
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			w.log.Printf("worker %s: taking a task: %v", w.cfg.ID, err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(w.cfg.BlockTimeout):
			}
			continue
		}
		w.handle(ctx, raw)
	}
}

// finishScript records the outcome of a task, only if this worker still
// owns it (it is in its processing list) and it is not done already, so a
// worker that was presumed dead and comes back cannot complete a task
// twice.
//
// KEYS: processing list, task hash. ARGV: raw task, status, result or
// error, worker id, now.
var finishScript = redis.NewScript(`
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
if redis.call('HGET', KEYS[2], 'status') == 'done' then return -1 end
if ARGV[2] == 'done' then
  redis.call('HSET', KEYS[2], 'status', 'done', 'result', ARGV[3], 'worker', ARGV[4], 'finished_at', ARGV[5])
  redis.call('HDEL', KEYS[2], 'error')
  redis.call('HINCRBY', KEYS[2], 'completions', 1)
else
  redis.call('HSET', KEYS[2], 'status', ARGV[2], 'error', ARGV[3], 'worker', ARGV[4], 'finished_at', ARGV[5])
  redis.call('HDEL', KEYS[2], 'result')
end
return 1
`)

// startScript marks an owned task running and counts the attempt; it
// returns 0 if the task is no longer in this worker's processing list.
// KEYS: processing list, task hash. ARGV: raw, type, worker id, now.
var startScript = redis.NewScript(`
if not redis.call('LPOS', KEYS[1], ARGV[1]) then return 0 end
redis.call('HSET', KEYS[2], 'status', 'running', 'type', ARGV[2], 'worker', ARGV[3], 'started_at', ARGV[4])
redis.call('HDEL', KEYS[2], 'progress')
return redis.call('HINCRBY', KEYS[2], 'attempts', 1)
`)

// delayScript parks an owned task in the delayed set until ARGV[2] (ms).
// KEYS: processing list, delayed zset, task hash. ARGV: raw, ready at, now.
var delayScript = redis.NewScript(`
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[3], 'status', 'waiting')
redis.call('HSETNX', KEYS[3], 'waiting_since', ARGV[3])
return 1
`)

// requeueScript puts an owned task back at the consumer end of the queue.
// KEYS: processing list, queue, task hash. ARGV: raw.
var requeueScript = redis.NewScript(`
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[3], 'status', 'queued')
return 1
`)

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

// handle runs one task taken into the processing list: decode it, check
// it is still to do, wait for its dependencies, then render it and record
// the outcome.
func (w *Worker) handle(ctx context.Context, raw string) {
	t, ok := w.decode(ctx, raw)
	if !ok {
		return
	}
	key := w.taskKey(t.ID)
	st, err := w.rdb.HMGet(ctx, key, "status", "attempts", "waiting_since").Result()
	if err != nil {
		w.log.Printf("worker %s: task %s: reading status: %v", w.cfg.ID, t.ID, err)
		w.putBack(ctx, t, raw)
		return
	}
	if !w.stillToDo(ctx, t, raw, st) {
		return
	}
	if t.Type == TypeRenderSegment {
		w.handleSegment(ctx, t, raw)
		return
	}
	p, ok := w.ready(ctx, t, raw, str(st[2]))
	if !ok {
		return
	}
	w.renderTask(ctx, t, raw, p)
}

// decode parses a raw task; an unusable one is moved to the dead list.
func (w *Worker) decode(ctx context.Context, raw string) (Task, bool) {
	var t Task
	err := json.Unmarshal([]byte(raw), &t)
	if err == nil && t.ID != "" {
		return t, true
	}
	reason := "no id"
	if err != nil {
		reason = err.Error()
	}
	w.log.Printf("worker %s: unusable task moved to %s (%s): %.200s", w.cfg.ID, w.dead, reason, raw)
	pipe := w.rdb.TxPipeline()
	pipe.LRem(ctx, w.processing, 1, raw)
	pipe.LPush(ctx, w.dead, raw)
	if _, err := pipe.Exec(ctx); err != nil {
		w.log.Printf("worker %s: moving unusable task: %v", w.cfg.ID, err)
	}
	return Task{}, false
}

// stillToDo reports whether the task (status and attempts in st) is to be
// run; a duplicate of a finished task is dropped, and one whose workers
// kept dying fails.
func (w *Worker) stillToDo(ctx context.Context, t Task, raw string, st []any) bool {
	if s, _ := st[0].(string); s == StatusDone {
		// A duplicate of a finished task: drop it, the result stands.
		w.log.Printf("worker %s: task %s is already done; dropping the duplicate", w.cfg.ID, t.ID)
		w.rdb.LRem(ctx, w.processing, 1, raw)
		return false
	}
	attempts, _ := strconv.Atoi(str(st[1]))
	if attempts >= w.cfg.MaxAttempts {
		w.finish(ctx, t, raw, StatusFailed, fmt.Sprintf("gave up after %d attempts: the workers running it stopped", attempts))
		return false
	}
	return true
}

// ready builds the task's project once its dependencies are done. A task
// that cannot be rendered fails; one whose dependencies are not done yet
// is delayed, or fails once it has waited DependencyTimeout (waitingSince
// is when it started waiting).
func (w *Worker) ready(ctx context.Context, t Task, raw, waitingSince string) (*project.Project, bool) {
	p, waitErr, err := w.project(ctx, t)
	if err == nil && waitErr == nil {
		err = checkLimits(p, w.cfg.Limits)
	}
	if err != nil {
		w.finish(ctx, t, raw, StatusFailed, err.Error())
		return nil, false
	}
	if waitErr == nil {
		return p, true
	}
	since, _ := time.Parse(time.RFC3339Nano, waitingSince)
	if !since.IsZero() && time.Since(since) > w.cfg.DependencyTimeout {
		w.finish(ctx, t, raw, StatusFailed, fmt.Sprintf("%v after waiting %s", waitErr, w.cfg.DependencyTimeout))
		return nil, false
	}
	ready := time.Now().Add(w.cfg.DependencyRetry).UnixMilli()
	if err := delayScript.Run(ctx, w.rdb, []string{w.processing, w.delayed, w.taskKey(t.ID)}, raw, ready, now()).Err(); err != nil {
		w.log.Printf("worker %s: task %s: delaying: %v", w.cfg.ID, t.ID, err)
	}
	w.log.Printf("worker %s: task %s waits: %v", w.cfg.ID, t.ID, waitErr)
	return nil, false
}

// renderTask marks the task running (if this worker still owns it),
// renders p and records the outcome; a cancelled render is put back.
func (w *Worker) renderTask(ctx context.Context, t Task, raw string, p *project.Project) {
	key := w.taskKey(t.ID)
	owned, err := startScript.Run(ctx, w.rdb, []string{w.processing, key}, raw, t.Type, w.cfg.ID, now()).Int()
	if err != nil {
		w.log.Printf("worker %s: task %s: marking running: %v", w.cfg.ID, t.ID, err)
		w.putBack(ctx, t, raw)
		return
	}
	if owned == 0 {
		w.log.Printf("worker %s: task %s was taken from this worker (presumed dead) before it started", w.cfg.ID, t.ID)
		return
	}
	w.log.Printf("worker %s: task %s (%s): rendering %d slides", w.cfg.ID, t.ID, t.Type, len(p.Slides))
	res, err := render(WithStrict(ctx, strictParam(t.Params)), w.cfg.Render, p, outputName(w.cfg.OutputDir, t.ID), w.progress(ctx, key))
	for _, warn := range res.Warnings {
		w.log.Printf("worker %s: task %s: warning: %s", w.cfg.ID, t.ID, warn)
	}
	if err != nil {
		if ctx.Err() != nil {
			w.putBack(ctx, t, raw)
			return
		}
		logPanic(w.log, err)
		w.finish(ctx, t, raw, StatusFailed, "render failed: "+err.Error())
		return
	}
	data, _ := json.Marshal(res)
	w.finish(ctx, t, raw, StatusDone, string(data))
}

// progress returns a render progress callback that records "done/total"
// in the task hash at key, at most once a second.
func (w *Worker) progress(ctx context.Context, key string) func(done, total int) {
	var mu sync.Mutex
	var last time.Time
	return func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(last) < time.Second {
			return
		}
		last = time.Now()
		w.rdb.HSet(ctx, key, "progress", fmt.Sprintf("%d/%d", done, total))
	}
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// putBack returns an owned task to the queue (after a cancel or a Redis
// error). If Redis cannot be reached it stays in the processing list,
// where the reaper finds it once this worker's heartbeat stops.
func (w *Worker) putBack(ctx context.Context, t Task, raw string) {
	c, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := requeueScript.Run(c, w.rdb, []string{w.processing, w.queue, w.taskKey(t.ID)}, raw).Err(); err != nil {
		w.log.Printf("worker %s: task %s: putting back: %v", w.cfg.ID, t.ID, err)
		return
	}
	w.log.Printf("worker %s: task %s put back on the queue", w.cfg.ID, t.ID)
}

// finish records a task's outcome (done with the result JSON, or failed
// with the error), retrying while Redis is unreachable, for up to 30 s. It
// returns finishScript's answer: 1 recorded, 0 no longer owned, -1 already
// done; or an error.
func (w *Worker) finish(ctx context.Context, t Task, raw, status, value string) (int, error) {
	c, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	for try := 0; ; try++ {
		n, err := finishScript.Run(c, w.rdb, []string{w.processing, w.taskKey(t.ID)}, raw, status, value, w.cfg.ID, now()).Int()
		if err == nil {
			switch n {
			case 1:
				w.log.Printf("worker %s: task %s %s: %s", w.cfg.ID, t.ID, status, value)
			case 0:
				w.log.Printf("worker %s: task %s was taken from this worker (presumed dead); its outcome is dropped", w.cfg.ID, t.ID)
			default:
				w.log.Printf("worker %s: task %s was already done by another worker; outcome dropped", w.cfg.ID, t.ID)
			}
			return n, nil
		}
		if errors.Is(err, redis.ErrClosed) || c.Err() != nil {
			w.log.Printf("worker %s: task %s: recording %s: %v", w.cfg.ID, t.ID, status, err)
			return 0, err
		}
		select {
		case <-c.Done():
		case <-time.After(time.Duration(try+1) * 100 * time.Millisecond):
		}
	}
}

// project builds the task's project. waitErr is non-nil when a dependency
// is not done yet; err when the task cannot be rendered at all.
func (w *Worker) project(ctx context.Context, t Task) (p *project.Project, waitErr, err error) {
	switch t.Type {
	case TypeCreateVideo, TypeGenerateVideo, TypeCreateVideoFromSlides:
	default:
		return nil, nil, fmt.Errorf("unknown task type %q (use %s, %s or %s)", t.Type, TypeCreateVideo, TypeGenerateVideo, TypeCreateVideoFromSlides)
	}
	var req project.ServiceRequest
	if len(t.Params) > 0 && string(t.Params) != "null" {
		if req, err = ParseRequest(t.Params); err != nil {
			return nil, nil, fmt.Errorf("params: %w", err)
		}
	}
	if t.Type == TypeCreateVideoFromSlides {
		if len(t.Dependencies.SlideIDs) > 0 {
			req.ImagePaths = make([]string, len(t.Dependencies.SlideIDs))
			for i, id := range t.Dependencies.SlideIDs {
				path, wait, err := w.dependency(ctx, fmt.Sprintf("dependencies.slide_ids[%d]", i), id, imageKeys)
				if err != nil || wait != nil {
					return nil, wait, err
				}
				req.ImagePaths[i] = path
			}
		}
		if id := t.Dependencies.VoiceTrackID; id != "" {
			path, wait, err := w.dependency(ctx, "dependencies.voice_track_id", id, audioKeys)
			if err != nil || wait != nil {
				return nil, wait, err
			}
			req.AudioPath = &path
		}
	}
	p, err = BuildProject(req, w.cfg.Roots)
	if err != nil {
		return nil, nil, err
	}
	return p, nil, nil
}

// Result keys that hold a dependency's file, in the order they are tried.
var (
	imageKeys = []string{"image_path", "output_path", "path", "file_path"}
	audioKeys = []string{"audio_path", "output_path", "path", "file_path"}
)

// dependency reads the file path from the result of task id.
func (w *Worker) dependency(ctx context.Context, field, id string, keys []string) (path string, waitErr, err error) {
	v, err := w.rdb.HMGet(ctx, w.taskKey(id), "status", "result", "error").Result()
	if err != nil {
		return "", fmt.Errorf("%s: reading task %s: %w", field, id, err), nil
	}
	switch str(v[0]) {
	case StatusDone:
	case StatusFailed:
		return "", nil, fmt.Errorf("%s: task %s failed: %s", field, id, str(v[2]))
	default:
		return "", fmt.Errorf("%s: task %s is not done yet", field, id), nil
	}
	var res map[string]any
	if err := json.Unmarshal([]byte(str(v[1])), &res); err != nil {
		return "", nil, fmt.Errorf("%s: task %s: result is not a JSON object: %v", field, id, err)
	}
	for _, k := range keys {
		if s, ok := res[k].(string); ok && s != "" {
			return s, nil, nil
		}
	}
	return "", nil, fmt.Errorf("%s: task %s: result has none of %v", field, id, keys)
}

// Enqueue writes status "queued" for t and pushes it onto queue (LPUSH),
// in one transaction: what a producer does. Producers may also LPUSH the
// JSON themselves.
func Enqueue(ctx context.Context, rdb *redis.Client, queue, taskPrefix string, t Task) error {
	if t.ID == "" {
		return errors.New("enqueue: task has no id")
	}
	if queue == "" {
		queue = DefaultQueue
	}
	if taskPrefix == "" {
		taskPrefix = "task:"
	}
	data, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("enqueue %s: %w", t.ID, err)
	}
	pipe := rdb.TxPipeline()
	pipe.HSet(ctx, taskPrefix+t.ID, "status", StatusQueued, "type", t.Type)
	pipe.LPush(ctx, queue, data)
	_, err = pipe.Exec(ctx)
	return err
}
