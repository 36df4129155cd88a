// Package service replaces the old Python video service: the same HTTP API
// and the same Redis task queue, rendered by Slidereel's engine
// (export.Export, frames from package preview, sound from package sound).
// `slidereel serve` and `slidereel worker` are Main. The section "The video
// service" of the repository's README documents the request, task and
// result JSON with examples.
//
// The contract:
//
//   - One seam: a RenderFunc renders a project into a file. EngineRender is
//     the real one; tests inject fakes. Requests and task params are the
//     old service's parameters (project.ServiceRequest, with its defaults:
//     24 fps, 1920x1080, 3 s slides, 0.5 s transitions, Ken Burns 1.1; with
//     an audio file the video length follows the audio).
//   - Decoding ignores unknown fields (as the old service did) but rejects
//     a value of the wrong type, naming the field. Every error answer is
//     JSON {"error": "...", "field": "..."}: 400 malformed (an empty path
//     too), 403 a path outside the media roots, 404 a missing file, 408 a
//     body not received within the body deadline (the connection is then
//     closed), 413 a body over the limit, 422 a value out of range, a show
//     over export.Limits (named) or media that cannot be decoded, 503
//     (with Retry-After) the render queue is full, 507 the output disk is
//     full, 500 another failed render.
//   - What one request may cost is capped (export.Limits: length, slides,
//     frames x pixels) before any work; the length set by a sound file is
//     checked once read, before the mix. Each render runs behind a
//     recover: a panic fails that render alone.
//   - Media paths are confined to the media roots: a relative path is taken
//     from the first root; the cleaned path and its real location (all
//     symlinks resolved, dangling ones followed by hand) must both lie
//     inside a root, compared at a path separator boundary. A path that
//     leads outside is 403 whatever lies there (existing, missing,
//     unreadable), so the existence of files outside is not revealed.
//     Renders use the real path.
//   - Media checks run under the request's context, a few probes at a
//     time, and stop after a few broken files.
//   - serve and worker remove their own stale temporary outputs
//     (.*.slidereel-tmp-*, untouched for 5 minutes) on start; ffmpeg
//     children die with the process (internal/ffmpeg).
//   - Renders go through a Limiter: a fixed number of slots (default 1) and
//     a bounded waiting queue (default 8); more requests are refused at
//     once. A request waits for its render (as with the old service); a
//     client that disconnects cancels its render, whose partial output is
//     removed. Output files are unique per request (video-<random>.mp4)
//     and per task (video-<task id>.mp4).
//   - GET /health always answers 200 while the process serves, with
//     "status": "ok", or "degraded" when ffmpeg or ffprobe is unavailable
//     (renders would fail), the version, both programs' versions and the
//     queue's state.
//   - The listener is loopback by default; the API has no authentication.
//
// The Redis worker (see Worker) is reliable with any number of workers on
// any number of machines sharing one queue Q (default queue:video-service):
//
//   - Producers LPUSH task JSON onto Q. A worker takes one with BLMOVE Q ->
//     Q:processing:<worker id> (RIGHT to LEFT: first in, first out), so a
//     task is always in exactly one list, never only in a worker's memory.
//   - A worker registers in the set Q:workers and keeps the key
//     Q:worker:<id> alive with a TTL (default 5 s, refreshed every TTL/5).
//   - Every worker runs the reaper every second: one Lua script that, for
//     each registered worker whose heartbeat key expired, moves all tasks
//     of its processing list back to the consumer end of Q (status
//     "queued", "requeued" counted) and unregisters it. So the task of a
//     worker that died (crash, kill -9, lost machine) is done by another
//     worker within about TTL + 1 s. Marking a task running is also
//     conditional on still owning it.
//   - The outcome is recorded by a Lua script that first removes the task
//     from this worker's processing list and writes status, result and a
//     "completions" count only if that removal succeeded and the task is
//     not done already. A worker presumed dead that comes back late finds
//     its task gone and its outcome is dropped: every task is completed
//     exactly once. A redone task writes the same output file (named after
//     the task id; the export renames a finished temporary file over it).
//   - A task whose dependencies are not done waits in the sorted set
//     Q:delayed (status "waiting") and is retried every DependencyRetry;
//     after DependencyTimeout it fails. A task whose renders were started
//     MaxAttempts times (each time its worker died) fails, so a task that
//     crashes workers cannot loop forever.
//   - Unparseable tasks and tasks without an id go to the list Q:dead.
//   - `slidereel worker` refuses to start without ffmpeg or ffprobe (it
//     would fail every task it takes from the shared queue), and warns when
//     Redis has neither AOF nor RDB persistence: exactly-once holds across
//     a Redis restart only with appendonly.
//   - On SIGINT/SIGTERM a worker cancels its renders, puts their tasks back
//     on Q and unregisters. A worker started with the id of a dead one
//     first puts back what its processing list holds.
//   - Task ids must be unique; worker ids must be unique per queue (the
//     default is <hostname>-<pid>-<random>). All keys of a queue live on
//     one Redis server (no Redis Cluster: the scripts touch keys they
//     compute).
//
// service must not import Fyne or the ui package.
package service
