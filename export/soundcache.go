package export

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync/atomic"

	"github.com/slidereel/slidereel/sound"
)

// soundFormat is bumped when the way the cached sound file is encoded
// changes outside the Settings (container, codec options in ffcmd.go).
const soundFormat = 1

// soundKey is the segment cache key of the show's encoded sound: a hash of
// everything its samples and their encoding depend on — the whole laid-out
// project (music, narration, gains, ducking, loudness, every slide), its
// timeline, the content of every sound file it plays, sound.Version, the
// sample rate, the AAC bitrate and ffmpeg's version. It is deliberately
// wider than the mix needs (a caption change re-encodes the sound too):
// a stale sound is worse than a second of encoding.
func soundKey(pr *prepared) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "slidereel-sound format=%d sound=%d rate=%d bitrate=%s ffmpeg=%s\n",
		soundFormat, sound.Version, SampleRate, pr.settings.AudioBitrate, ffmpegVersion())
	enc := json.NewEncoder(h)
	if err := enc.Encode(pr.proj); err != nil {
		return "", fmt.Errorf("export: sound key: %w", err)
	}
	if err := enc.Encode(pr.tl); err != nil {
		return "", fmt.Errorf("export: sound key: %w", err)
	}
	for _, path := range sound.Files(pr.proj) {
		fmt.Fprintf(h, "file %q\n", path)
		if err := hashFileInto(h, path); err != nil {
			return "", fmt.Errorf("export: sound key: %w", err)
		}
	}
	return "sound-" + hex.EncodeToString(h.Sum(nil)), nil
}

func hashFileInto(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

// soundEncodes counts the sounds cachedSound encoded (tests check reuse).
var soundEncodes atomic.Int64

// cachedSound returns the cached encoded sound of the show under key,
// encoding it (the mix as AAC, alone) into the cache first if it is not
// there.
func cachedSound(ctx context.Context, pr *prepared, c *SegmentCache, ffmpegPath, key string) (string, error) {
	if path, ok := c.Lookup(key); ok {
		return path, nil
	}
	soundEncodes.Add(1)
	dst := c.Path(key)
	tmp, err := createTemp(dst, segExt)
	if err != nil {
		return "", err
	}
	args, err := soundArgv(tmp, pr.settings.AudioBitrate)
	if err == nil {
		err = runSoundEncode(ctx, ffmpegPath, args, pr, dst)
	}
	if err == nil {
		err = os.Rename(tmp, dst)
	}
	if err != nil {
		os.Remove(tmp)
		return "", err
	}
	return dst, nil
}

// runSoundEncode runs the sound's ffmpeg, feeding it the mix.
func runSoundEncode(ctx context.Context, ffmpegPath string, args []string, pr *prepared, dst string) error {
	p, err := startFFmpeg(ffmpegPath, args, true)
	if err != nil {
		return fmt.Errorf("export %s: starting ffmpeg: %w", dst, err)
	}
	defer p.stop()
	p.stdin.Close() // no video
	p.stopOnDone(ctx)
	audioErr := writeAudio(ctx, p.audio, Job{Audio: pr.mix.WritePCM, Samples: pr.mix.Len()})
	p.audio.Close()
	waitErr := p.wait()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("export %s: %w", dst, err)
	}
	if audioErr != nil && !isPipeErr(audioErr) {
		return audioErr
	}
	if waitErr != nil || audioErr != nil {
		return p.failure("encoding the sound", dst, firstErr(waitErr, audioErr))
	}
	return nil
}
