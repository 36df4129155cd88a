// Package export renders a project into a video file: every frame comes from
// the renderer in package preview, the sound from the mix in package
// sound, and ffmpeg only encodes and muxes them.
//
// The contract:
//
//   - Pictures and sound are never computed here or by ffmpeg filters: the
//     frames are preview.Renderer.Render at the output size, the audio is
//     sound.Mix.WritePCM. ffmpeg receives raw yuv420p frames on its stdin
//     and raw s16le 48 kHz stereo PCM on a second pipe; no frame files are
//     written.
//   - The output has exactly Timeline.Frames video frames and exactly
//     Timeline.Samples(48000) audio samples, so audio and video end together
//     (lengths are set by what is piped, never by -shortest or -t).
//   - ffmpeg's argv is built by u2takey/ffmpeg-go in ffcmd.go only (its panics
//     are recovered there); arguments go to exec directly, never through a
//     shell, and the output is passed as an absolute "file:" URL so no path
//     can be read as an option or a protocol.
//   - The video is written to a temporary file in the destination folder and
//     renamed over the destination only on success. On failure or cancel
//     nothing is left behind and an existing file is untouched.
//   - Success means checked (VerifyOutput): ffmpeg exited 0, the file was
//     flushed (fsync and close errors count), and ffprobe reads it back
//     with the expected streams and duration, before the rename. A file
//     that fails on a nearly full disk is ErrDiskFull naming the folder and
//     its free space; the free space is also checked before starting
//     (CheckFreeSpace with EstimateBytes).
//   - Settings.Limits (length, slides, frames x pixels) are checked before
//     the media probe and before the sound mix: nothing a show asks for
//     allocates before it is known to be within them.
//   - Cancel (the context) stops ffmpeg within a second: the pipes are
//     closed and ffmpeg is asked to quit, then killed.
//   - Errors a user can act on are recognisable with errors.Is / errors.As:
//     ErrFFmpegNotFound, ErrNotWritable, ErrDiskFull, ErrBadOutput,
//     *LimitError (ErrLimit), *MediaError (missing
//     or broken images, named) and *FFmpegError (with ffmpeg's last stderr
//     lines).
//   - A segmented re-export (ExportSegments) never reuses stale output:
//     segments and the encoded sound are keyed on everything that decides
//     them, media by content (ContentHashes, kept in the cache folder and
//     trusted only for files whose stamp is unchanged and was not racy).
//     It mixes the sound only when the sound must be encoded, and reports
//     damaged media whether or not it mixes.
//
// Export is the whole job for a project; Encode is its core, which takes
// any FrameSource and PCMSource (the tests and the benchmark use their own).
// Frames are rendered ahead into a small pool of buffers while ffmpeg
// encodes the previous ones; the benchmark (bench/export.sh) shows ffmpeg
// is almost never left waiting for a frame.
//
// ExportSegments is the segmented, incremental export: segments cut at
// slide boundaries and kept in a SegmentCache under keys that hash
// everything that decides their frames; the missing ones are encoded by
// one ffmpeg per run of consecutive segments (segrun.go), the sound
// alongside, and the file is assembled by stream copy.
//
// export must not import Fyne or the ui package. The command line lives in
// export/cli.
package export
