// Package sound is what a Slidereel project sounds like: one mix, computed
// in Go block by block, that the preview plays and the export encodes.
//
// The contract:
//
//   - Timing comes only from project.Timeline. Narration of slide i starts at
//     sample tl.FPS.SampleOf(tl.Spans[i].Start, SampleRate); the mix is
//     exactly tl.Samples(SampleRate) frames long, never cut short or padded.
//     Durations reports the media lengths the timeline needs, measured on
//     the same decoded samples the mix uses.
//
//   - Every input is converted to SampleRate (48 kHz) stereo before mixing:
//     WAV by our own parser (8/16/24/32-bit integer, 32/64-bit float), FLAC
//     and Ogg Vorbis by beep, MP3 by ffmpeg when installed (much faster than
//     beep, no leading silence) and by beep otherwise, everything else (M4A,
//     AAC, Opus, ...) by ffmpeg. Mono is copied to both channels. Rate
//     conversion uses integer positions, so mixed rates never drift.
//
//   - The mix: music files in order, looped to the video length or played
//     once, with its gain, a linear fade in from frame 0 and a linear fade out
//     that reaches 0 on the last frame; ducking under narration (raised-cosine
//     ramps in dB, the attack ending as the narration starts); narration with
//     its gain; then optional loudness normalisation to a target integrated
//     loudness (ITU-R BS.1770-4) with a true-peak ceiling (4x oversampled),
//     by a constant gain plus a smooth look-ahead limiter.
//
//   - The mix streams: each file is decoded once into a raw float32 file in
//     the PCM cache (CacheDir()/pcm, LRU-bounded at 4 GB, keyed by path
//     and file stamp, see internal/stamp) and read in 8192-frame blocks; placement,
//     envelope, ducking, narration, the BS.1770 meter and the limiter all
//     work per block with bounded windows. No buffer is as long as the
//     show: memory does not grow with its length. Loudness normalisation
//     measures the mix in streaming passes in NewMix; the limiter's state is
//     checkpointed every second, so a reader seeks anywhere at the cost of
//     at most a second of computation. The former in-memory mix is the
//     tests' reference: the streamed one equals it bit for bit (within one
//     int16 step where the limiter acts).
//
//   - Version changes whenever the samples of a mix of the same inputs
//     change; the export's cache of encoded sound keys on it.
//
//   - A Mix is immutable. Mix.Streamer, Mix.WritePCM and the Player give the
//     same samples, so preview and export sound the same; mixing the same
//     project twice gives identical samples.
//
//   - Errors name the file (DecodeError) and, from Durations and NewMix, its
//     role (music n, narration of slide n). An empty file is an error, never
//     a hang.
//
//   - Damaged files are reported, not swallowed: a file that decodes with
//     errors or to less than its header declares (ffprobe) gives a warning
//     naming it and how much could be read (Mix.Warnings, Warnings); the
//     verdict is kept in the PCM cache with the samples.
//
//   - ProbeDuration/ProbeDurations give lengths from the headers at once,
//     for showing a show's length before anything is decoded.
//
//   - The Player plays a Mix through beep's speaker; with no audio device it
//     says so once in the log and keeps time by the wall clock, silently. No
//     call blocks on the device. Built without cgo on Linux (no ALSA), the
//     package still works and every player is silent.
//
//   - Waveforms: a Summary (min/max per chunk at several zoom levels) of a
//     file (FileSummary: decoded once, streaming, to 8 kHz mono by ffmpeg
//     when installed; cached in memory and on disk under CacheDir()/peaks
//     by path and file stamp) or of a mix (Mix.Summary, one
//     streaming pass). FilePeaks and Mix.Peaks read them.
//
//   - On-disk caches live under CacheDir() ($SLIDEREEL_CACHE_DIR, else the
//     user cache folder's slidereel/; a temporary folder in test binaries).
//
//   - Beat tracking (beat.go, TrackBeats, MusicBeats): spectral flux,
//     autocorrelation tempo, dynamic-programming phase (Ellis 2007), the
//     music streamed through ffmpeg and tracked in bounded memory (the
//     onset envelope spilled to a temporary file and read back in passes,
//     beat_stream.go), so an hour costs what a minute does but its beats;
//     "no clear beat" is a result, not an error. Durations reports the
//     beats when the project snaps to them.
//
// sound imports project, beep and the internal ffmpeg and fft helpers; never
// Fyne, the renderer or the exporter.
package sound
