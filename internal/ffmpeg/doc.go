// Package ffmpeg is the one place Slidereel finds and runs the ffmpeg and
// ffprobe programs.
//
// Contract:
//   - The programs are looked up once per setting: $SLIDEREEL_FFMPEG and
//     $SLIDEREEL_FFPROBE (a path, or a name looked up on PATH), else
//     "ffmpeg" and "ffprobe" on PATH. A bad override is reported as such
//     (*NotFoundError with Env set), never as "not found on PATH". Every
//     lookup failure wraps ErrNotFound.
//   - Command starts a program under a context; on Linux the child gets
//     SIGKILL when the process that started it dies (Pdeathsig), so no
//     ffmpeg outlives Slidereel.
//   - Run and Probe keep the tail of stderr: their errors (*Error) carry
//     the last lines, which usually name the problem.
//   - Probe reports a media file's duration and streams; Versions reports
//     both programs for /health.
//
// It imports only the standard library, so every other package may use it.
package ffmpeg
