package export

import (
	"bufio"
	"bytes"
	"context"
	"strings"
	"sync"
	"time"

	"github.com/slidereel/slidereel/internal/ffmpeg"
)

// probeTimeout bounds one probe encode (a GPU driver can hang).
const probeTimeout = 10 * time.Second

var encoderCache struct {
	mu   sync.Mutex
	path string   // the ffmpeg the result is for
	list []string // nil: not probed yet
}

// AvailableEncoders returns the H.264 encoders that work on this machine:
// libx264 first if ffmpeg has it, then each hardware encoder (NVENC, VAAPI,
// Quick Sync) that ffmpeg lists and that completes a tiny test encode. The
// result is cached per ffmpeg program; an interrupted probe is not cached.
// Without ffmpeg it returns nil.
func AvailableEncoders(ctx context.Context) []string {
	path, err := FFmpegPath()
	if err != nil {
		return nil
	}
	encoderCache.mu.Lock()
	defer encoderCache.mu.Unlock()
	if encoderCache.path == path && encoderCache.list != nil {
		return append([]string(nil), encoderCache.list...)
	}
	listed, err := listedEncoders(ctx, path)
	if err != nil {
		return nil
	}
	list := []string{}
	for _, enc := range Encoders {
		if !listed[enc] {
			continue
		}
		if enc == EncoderX264 || probeEncoder(ctx, path, enc) {
			list = append(list, enc)
		}
	}
	if ctx.Err() != nil {
		return list
	}
	encoderCache.path, encoderCache.list = path, list
	return append([]string(nil), list...)
}

// listedEncoders returns the encoder names of `ffmpeg -encoders`.
func listedEncoders(ctx context.Context, path string) (map[string]bool, error) {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	out, err := ffmpeg.Command(ctx, path, "-hide_banner", "-nostdin", "-encoders").Output()
	if err != nil {
		return nil, err
	}
	return parseEncoders(out), nil
}

// parseEncoders reads the table of `ffmpeg -encoders`: lines of flags,
// name and description after a " ------" separator.
func parseEncoders(out []byte) map[string]bool {
	names := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	inTable := false
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "---") {
			inTable = true
			continue
		}
		f := strings.Fields(line)
		if !inTable || len(f) < 2 || len(f[0]) != 6 {
			continue
		}
		names[f[1]] = true
	}
	return names
}

// probeEncoder reports whether a one-frame encode with enc succeeds.
func probeEncoder(ctx context.Context, path, enc string) bool {
	args, err := probeArgv(enc)
	if err != nil {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	cmd := ffmpeg.Command(ctx, path, args...)
	return cmd.Run() == nil
}
