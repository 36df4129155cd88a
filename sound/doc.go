// Package sound is what a Slidereel project sounds like: one mix, computed
// once in Go, that the preview plays and the export encodes.
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
//   - A Mix is immutable. Mix.Streamer and Mix.WritePCM give the same
//     samples, so preview and export sound the same; mixing the same project
//     twice gives identical samples.
//
//   - Errors name the file (DecodeError) and, from Durations and NewMix, its
//     role (music n, narration of slide n). An empty file is an error, never
//     a hang. Decoded files are cached by path, size and modification time.
//
//   - The Player plays a Mix through beep's speaker; with no audio device it
//     says so once in the log and keeps time by the wall clock, silently. No
//     call blocks on the device. Built without cgo on Linux (no ALSA), the
//     package still works and every player is silent.
//
//   - Waveform peaks: Mix.Peaks over the mix, FilePeaks/FilePeaksAsync for a
//     file (ffmpeg-decoded to 8 kHz mono when installed), cached per file and
//     bucket count.
//
//   - Beat tracking (beat.go, TrackBeats, MusicBeats): spectral flux,
//     autocorrelation tempo, dynamic-programming phase (Ellis 2007), the
//     music streamed through ffmpeg so only the onset envelope is kept;
//     "no clear beat" is a result, not an error. Durations reports the
//     beats when the project snaps to them.
//
// sound imports project and beep; never Fyne, the renderer or the exporter.
package sound
