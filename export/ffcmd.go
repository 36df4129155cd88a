package export

// This is the only file that imports u2takey/ffmpeg-go. The library builds
// argv from a stream graph; it panics on misuse and logs every compiled
// command unless told not to, so every call goes through build, which
// recovers, and we take the argv (never its Run) to start exec.Cmd
// ourselves.

import (
	"fmt"
	"maps"
	"strconv"
	"strings"

	ffgo "github.com/u2takey/ffmpeg-go"
)

func init() {
	// The library logs every compiled command through the standard logger;
	// we never use Compile, but keep it quiet for any code path that does.
	ffgo.LogCompiledCommand = false
}

// encodeArgs is everything that varies in the export's ffmpeg command.
type encodeArgs struct {
	Output        string // absolute path of the (temporary) output file
	Format        string // muxer: mp4, mov, matroska
	Faststart     bool
	Width, Height int
	FPS           int
	Encoder       string
	CRF           int
	X264Preset    string
	Audio         bool // PCM on pipe:3
	AudioBitrate  string
	// Split, if set, makes the output a run of segment files: Output is
	// then a pattern with %05d, a new file starts at each of these frame
	// numbers (each an IDR frame), and SegmentList is the CSV list the
	// segment muxer appends each finished file to.
	Split       []int
	SegmentList string
}

// SampleRate is the audio rate of the export (the project's sound rate).
const SampleRate = 48000

// audioChannels is the number of interleaved channels of the PCM input.
const audioChannels = 2

// vaapiDevice is the render node the VAAPI encoder uploads frames to.
const vaapiDevice = "/dev/dri/renderD128"

// build runs f, turning a panic of ffmpeg-go into an error.
func build(step string, f func() []string) (args []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			args, err = nil, fmt.Errorf("%s: building the ffmpeg command failed: %v", step, r)
		}
	}()
	return f(), nil
}

// encodeArgv returns ffmpeg's arguments (without the program name) for an
// export: raw yuv420p frames on stdin, s16le PCM on file descriptor 3, one
// H.264 + AAC output.
func encodeArgv(a encodeArgs) ([]string, error) {
	return build("export", func() []string {
		video := ffgo.Input("pipe:0", ffgo.KwArgs{
			"f":          "rawvideo",
			"pix_fmt":    "yuv420p",
			"video_size": fmt.Sprintf("%dx%d", a.Width, a.Height),
			"framerate":  strconv.Itoa(a.FPS),
		})
		streams := []*ffgo.Stream{uploadFilter(video.Video(), a.Encoder)}
		if a.Audio {
			streams = append(streams, pcmInput())
		}
		out := ffgo.KwArgs{
			"format":          a.Format,
			"colorspace":      "bt709",
			"color_primaries": "bt709",
			"color_trc":       "bt709",
			"color_range":     "tv",
		}
		maps.Copy(out, videoCodecArgs(a))
		maps.Copy(out, splitArgs(a))
		if a.Faststart {
			out["movflags"] = "+faststart"
		}
		if a.Audio {
			out["c:a"] = "aac"
			out["audio_bitrate"] = a.AudioBitrate
			out["ar"] = strconv.Itoa(SampleRate)
		}
		global := []string{"-hide_banner", "-nostdin", "-loglevel", "error", "-nostats", "-progress", "pipe:1"}
		if a.Encoder == EncoderVAAPI {
			global = append(global, "-vaapi_device", vaapiDevice)
		}
		return ffgo.Output(streams, "file:"+a.Output, out).
			GlobalArgs(global...).
			OverWriteOutput().
			GetArgs()
	})
}

// splitArgs are the output options that cut an encode into segment files
// at a.Split: the segment muxer writes a.Format files and starts a new one
// at each of those frames, where the encoder is made to put an IDR frame
// (forced keyframe times, exact to the microsecond, land on those frames;
// libx264 makes a forced keyframe an IDR only with forced-idr). Each file's
// timestamps start at 0, as those of a segment encoded alone.
func splitArgs(a encodeArgs) ffgo.KwArgs {
	if len(a.Split) == 0 {
		return nil
	}
	frames := make([]string, len(a.Split))
	times := make([]string, len(a.Split))
	for i, f := range a.Split {
		frames[i] = strconv.Itoa(f)
		times[i] = strconv.FormatFloat(float64(f)/float64(a.FPS), 'f', 6, 64)
	}
	kw := ffgo.KwArgs{
		"format":           "segment",
		"segment_format":   a.Format,
		"segment_frames":   strings.Join(frames, ","),
		"force_key_frames": strings.Join(times, ","),
		"reset_timestamps": "1",
		// Left to itself the segment muxer shifts every timestamp by
		// the B-frame delay; each file's own muxer handles it, as when
		// the segment is encoded alone (an edit list in MP4).
		"avoid_negative_ts": "disabled",
		"segment_list":      "file:" + a.SegmentList,
		"segment_list_type": "csv",
	}
	if a.Encoder == EncoderX264 {
		kw["forced-idr"] = "1"
	}
	return kw
}

// uploadFilter adds the filters an encoder needs between the frames and
// itself: VAAPI encodes from GPU memory, so the finished frames are
// converted to NV12 and uploaded (format, then hwupload). Other encoders
// take the frames as they are.
func uploadFilter(v *ffgo.Stream, encoder string) *ffgo.Stream {
	if encoder != EncoderVAAPI {
		return v
	}
	return v.Filter("format", ffgo.Args{"nv12"}).Filter("hwupload", nil)
}

// videoCodecArgs are the output options of each encoder. CRF maps to the
// encoder's constant-quality knob.
func videoCodecArgs(a encodeArgs) ffgo.KwArgs {
	crf := strconv.Itoa(a.CRF)
	switch a.Encoder {
	case EncoderNVENC:
		return ffgo.KwArgs{"c:v": EncoderNVENC, "pix_fmt": "yuv420p", "preset": "p4", "rc": "vbr", "cq": crf, "video_bitrate": "0"}
	case EncoderVAAPI:
		// format+hwupload only move the finished frames into GPU memory.
		return ffgo.KwArgs{"c:v": EncoderVAAPI, "qp": crf}
	case EncoderQSV:
		return ffgo.KwArgs{"c:v": EncoderQSV, "pix_fmt": "nv12", "global_quality": crf}
	default:
		return ffgo.KwArgs{"c:v": EncoderX264, "pix_fmt": "yuv420p", "crf": crf, "preset": a.X264Preset}
	}
}

// probeArgv returns the arguments of a tiny test encode with encoder.
func probeArgv(encoder string) ([]string, error) {
	return build("encoder probe", func() []string {
		in := uploadFilter(ffgo.Input("color=s=256x256:d=0.1", ffgo.KwArgs{"f": "lavfi"}).Video(), encoder)
		global := []string{"-hide_banner", "-nostdin", "-loglevel", "error"}
		a := encodeArgs{Encoder: encoder, CRF: DefaultCRF, X264Preset: "ultrafast"}
		out := videoCodecArgs(a)
		out["frames:v"] = "1"
		out["format"] = "null"
		if encoder == EncoderVAAPI {
			global = append(global, "-vaapi_device", vaapiDevice)
		}
		return ffgo.Output([]*ffgo.Stream{in}, "-", out).GlobalArgs(global...).GetArgs()
	})
}

// assembleArgs is everything that varies in the assembly's ffmpeg command.
type assembleArgs struct {
	List         string // absolute path of the concat demuxer's list
	Output       string // absolute path of the (temporary) output file
	Format       string
	Faststart    bool
	Audio        bool   // PCM on pipe:3, encoded to AAC
	AudioFile    string // or: the sound already encoded (copied as it is)
	AudioBitrate string
}

// pcmInput is the sound input of the export and of the assembly: s16le
// stereo PCM at SampleRate on file descriptor 3.
func pcmInput() *ffgo.Stream {
	return ffgo.Input("pipe:3", ffgo.KwArgs{
		"f":  "s16le",
		"ar": strconv.Itoa(SampleRate),
		"ac": strconv.Itoa(audioChannels),
	}).Audio()
}

// assemblyQueue is the assembly's per-input packet queue (see assembleArgv).
const assemblyQueue = "512"

// assembleArgv returns ffmpeg's arguments for joining encoded segments by
// stream copy (the concat demuxer, no second encode) and encoding the
// whole show's sound once alongside.
//
// Each input reads ahead into a queue of assemblyQueue packets: with
// ffmpeg's default (8) the two demuxer threads and the muxer handed over
// packet by packet, and the 60-minute show's assembly took 3.3-3.4 s of
// CPU against 2.3-2.6 s with 512 (three alternated runs each, 500
// segments plus the cached sound, 2026-12-02), for 1.5 MB more memory.
func assembleArgv(a assembleArgs) ([]string, error) {
	return build("assembly", func() []string {
		video := ffgo.Input("file:"+a.List, ffgo.KwArgs{"f": "concat", "safe": "0", "thread_queue_size": assemblyQueue})
		streams := []*ffgo.Stream{video.Video()}
		out := ffgo.KwArgs{"format": a.Format, "c:v": "copy"}
		switch {
		case a.AudioFile != "":
			streams = append(streams, ffgo.Input("file:"+a.AudioFile, ffgo.KwArgs{"thread_queue_size": assemblyQueue}).Audio())
			out["c:a"] = "copy"
		case a.Audio:
			streams = append(streams, pcmInput())
			out["c:a"] = "aac"
			out["audio_bitrate"] = a.AudioBitrate
			out["ar"] = strconv.Itoa(SampleRate)
		}
		if a.Faststart {
			out["movflags"] = "+faststart"
		}
		global := []string{"-hide_banner", "-nostdin", "-loglevel", "error", "-nostats", "-progress", "pipe:1"}
		return ffgo.Output(streams, "file:"+a.Output, out).
			GlobalArgs(global...).
			OverWriteOutput().
			GetArgs()
	})
}

// soundArgv returns ffmpeg's arguments for encoding the show's sound (PCM
// on pipe:3) alone to AAC in an MP4 file at output: the segment cache
// keeps it, and the assembly copies it.
func soundArgv(output, bitrate string) ([]string, error) {
	return build("sound", func() []string {
		out := ffgo.KwArgs{"format": "mp4", "c:a": "aac", "audio_bitrate": bitrate, "ar": strconv.Itoa(SampleRate)}
		global := []string{"-hide_banner", "-nostdin", "-loglevel", "error", "-nostats", "-progress", "pipe:1"}
		return ffgo.Output([]*ffgo.Stream{pcmInput()}, "file:"+output, out).
			GlobalArgs(global...).
			OverWriteOutput().
			GetArgs()
	})
}
