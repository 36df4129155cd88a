package export

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
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
// timeline, the content of every sound file it plays (its SHA-256, from
// the process's ContentHashes, so an unchanged hour of music is not read
// again), sound.Version, the
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
	hashes := sharedHashes()
	for _, path := range sound.Files(pr.proj) {
		sum, err := hashes.Sum(path)
		if err != nil {
			return "", fmt.Errorf("export: sound key: %w", err)
		}
		fmt.Fprintf(h, "file %q %x\n", path, sum)
	}
	// A cache: failing to store the hashes only costs reading the files
	// again next time.
	_ = hashes.Save()
	return "sound-" + hex.EncodeToString(h.Sum(nil)), nil
}

// soundEncodes counts the sounds cachedSound encoded (tests check reuse).
var soundEncodes atomic.Int64

// cachedSound returns the cached encoded sound of the show under key,
// mixing and encoding it (the mix as AAC, alone) into the cache first if
// it is not there: a cached sound costs no mixing at all.
func cachedSound(ctx context.Context, pr *prepared, c *SegmentCache, ffmpegPath, key string) (string, error) {
	if path, ok := c.Lookup(key); ok {
		return path, nil
	}
	soundEncodes.Add(1)
	mix, err := pr.soundMix(ctx)
	if err != nil {
		return "", err
	}
	dst := c.Path(key)
	tmp, err := createTemp(dst, segExt)
	if err != nil {
		return "", err
	}
	args, err := soundArgv(tmp, pr.settings.AudioBitrate)
	if err == nil {
		err = runSoundEncode(ctx, ffmpegPath, args, mix, dst)
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

// runSoundEncode runs the sound's ffmpeg, feeding it mix.
func runSoundEncode(ctx context.Context, ffmpegPath string, args []string, mix *sound.Mix, dst string) error {
	p, err := startFFmpeg(ffmpegPath, args, true)
	if err != nil {
		return fmt.Errorf("export %s: starting ffmpeg: %w", dst, err)
	}
	defer p.stop()
	p.stdin.Close() // no video
	p.stopOnDone(ctx)
	audioErr := writeAudio(ctx, p.audio, Job{Audio: mix.WritePCM, Samples: mix.Len()})
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
