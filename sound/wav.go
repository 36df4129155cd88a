package sound

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// WAV is read by our own parser rather than beep/v2/wav, which supports only
// 8, 16 and 24-bit integer PCM: the issue asks for 32-bit integer and float
// files too. Supported: PCM 8/16/24/32-bit, IEEE float 32/64-bit, plain and
// WAVE_FORMAT_EXTENSIBLE headers, any channel count (mono is spread to both
// channels). Files with more than two channels are left to ffmpeg, which
// knows the surround downmix; without ffmpeg their front left and right
// channels are used.

const (
	wavFormatPCM        = 1
	wavFormatFloat      = 3
	wavFormatExtensible = 0xFFFE
)

// pcm is decoded audio at its native rate: interleaved stereo float32.
type pcm struct {
	rate int
	data []float32
	// surround: the file had more than two channels (only the front pair
	// is in data).
	surround bool
}

func (p pcm) frames() int { return len(p.data) / 2 }

var errNotWAV = errors.New("not a RIFF/WAVE file")

// decodeWAV reads a whole WAV stream.
func decodeWAV(r io.Reader) (pcm, error) {
	var hdr [12]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return pcm{}, fmt.Errorf("read WAV header: %w", err)
	}
	if string(hdr[0:4]) != "RIFF" || string(hdr[8:12]) != "WAVE" {
		return pcm{}, errNotWAV
	}
	var (
		format, chans, bits int
		rate                int
		haveFmt             bool
	)
	for {
		var ch [8]byte
		if _, err := io.ReadFull(r, ch[:]); err != nil {
			if haveFmt {
				return pcm{}, errors.New("WAV has no data chunk")
			}
			return pcm{}, errors.New("WAV has no fmt chunk")
		}
		id := string(ch[0:4])
		size := int64(binary.LittleEndian.Uint32(ch[4:8]))
		switch id {
		case "fmt ":
			f, err := readFmtChunk(r, size)
			if err != nil {
				return pcm{}, err
			}
			format, chans, rate, bits = f.format, f.chans, f.rate, f.bits
			haveFmt = true
		case "data":
			if !haveFmt {
				return pcm{}, errors.New("WAV data chunk before fmt chunk")
			}
			return readWAVData(r, size, format, chans, bits, rate)
		default:
			if _, err := io.CopyN(io.Discard, r, size+size%2); err != nil {
				return pcm{}, fmt.Errorf("skip WAV %q chunk: %w", id, err)
			}
		}
	}
}

// wavFmt is what a WAV's fmt chunk says about its samples.
type wavFmt struct{ format, chans, rate, bits int }

// readFmtChunk reads a fmt chunk of the given size (its 8-byte header
// already read); for WAVE_FORMAT_EXTENSIBLE the format is the sub-format's.
func readFmtChunk(r io.Reader, size int64) (wavFmt, error) {
	if size < 16 || size > 1<<16 {
		return wavFmt{}, fmt.Errorf("WAV fmt chunk has bad size %d", size)
	}
	b := make([]byte, size+size%2)
	if _, err := io.ReadFull(r, b); err != nil {
		return wavFmt{}, fmt.Errorf("read WAV fmt chunk: %w", err)
	}
	le := binary.LittleEndian
	f := wavFmt{format: int(le.Uint16(b[0:2])), chans: int(le.Uint16(b[2:4])), rate: int(le.Uint32(b[4:8])), bits: int(le.Uint16(b[14:16]))}
	if f.format == wavFormatExtensible {
		if size < 40 {
			return wavFmt{}, errors.New("WAV extensible fmt chunk too short")
		}
		f.format = int(le.Uint16(b[24:26])) // sub-format GUID's first field
	}
	return f, nil
}

// wavSamples checks the channel count and rate and returns the sample
// converter of the format.
func wavSamples(format, chans, bits, rate int) (func([]byte) float32, error) {
	if chans < 1 || chans > 64 {
		return nil, fmt.Errorf("WAV has %d channels", chans)
	}
	if rate < 1000 || rate > 768000 {
		return nil, fmt.Errorf("WAV sample rate %d Hz is out of range", rate)
	}
	conv := wavConverter(format, bits)
	if conv == nil {
		return nil, fmt.Errorf("unsupported WAV encoding (format %d, %d bits)", format, bits)
	}
	return conv, nil
}

// wavConverter returns the function that turns one little-endian sample
// of the given format and bit depth into a float in [-1, 1], or nil for an
// encoding this reader does not know.
func wavConverter(format, bits int) func([]byte) float32 {
	switch {
	case format == wavFormatPCM && bits == 8:
		return func(b []byte) float32 { return (float32(b[0]) - 128) / 128 }
	case format == wavFormatPCM && bits == 16:
		return func(b []byte) float32 { return float32(int16(binary.LittleEndian.Uint16(b))) / (1 << 15) }
	case format == wavFormatPCM && bits == 24:
		return func(b []byte) float32 {
			v := int32(uint32(b[0])<<8|uint32(b[1])<<16|uint32(b[2])<<24) >> 8
			return float32(v) / (1 << 23)
		}
	case format == wavFormatPCM && bits == 32:
		return func(b []byte) float32 { return float32(float64(int32(binary.LittleEndian.Uint32(b))) / (1 << 31)) }
	case format == wavFormatFloat && bits == 32:
		return func(b []byte) float32 { return math.Float32frombits(binary.LittleEndian.Uint32(b)) }
	case format == wavFormatFloat && bits == 64:
		return func(b []byte) float32 { return float32(math.Float64frombits(binary.LittleEndian.Uint64(b))) }
	}
	return nil
}

func readWAVData(r io.Reader, size int64, format, chans, bits, rate int) (pcm, error) {
	conv, err := wavSamples(format, chans, bits, rate)
	if err != nil {
		return pcm{}, err
	}
	bps := bits / 8
	frameBytes := bps * chans
	// A streaming writer may leave the size as 0 or 0xFFFFFFFF: read to EOF.
	limited := size > 0 && size < 0xFFFFFFFF
	if limited {
		r = io.LimitReader(r, size)
	}
	out := pcm{rate: rate, surround: chans > 2}
	if limited {
		// Trust the header's size for at most 1 M frames: a damaged file
		// may claim 4 GB (FuzzDecodeWAV); append grows past it if need be.
		out.data = make([]float32, 0, 2*min(size/int64(frameBytes), 1<<20))
	}
	buf := make([]byte, frameBytes*4096)
	carry := 0
	for {
		n, err := io.ReadFull(r, buf[carry:])
		n += carry
		whole := n - n%frameBytes
		for off := 0; off < whole; off += frameBytes {
			f := buf[off : off+frameBytes]
			if chans == 1 {
				v := conv(f)
				out.data = append(out.data, v, v)
				continue
			}
			out.data = append(out.data, conv(f), conv(f[bps:]))
		}
		carry = copy(buf, buf[whole:n])
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return pcm{}, fmt.Errorf("read WAV data: %w", err)
		}
	}
	if out.frames() == 0 {
		return pcm{}, errors.New("WAV has no samples")
	}
	return out, nil
}
