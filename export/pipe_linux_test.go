package export

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// The frame pipe to ffmpeg is grown to framePipeBytes (or the system's
// limit), so ffmpeg reads a 1080p frame in a few reads.
func TestFramePipeIsGrown(t *testing.T) {
	needFFmpeg(t)
	bin, err := FFmpegPath()
	if err != nil {
		t.Fatal(err)
	}
	p, err := startFFmpeg(bin, []string{"-nostdin", "-v", "error", "-f", "rawvideo", "-pix_fmt", "gray",
		"-video_size", "2x2", "-i", "pipe:0", "-f", "null", "-"}, false)
	if err != nil {
		t.Fatal(err)
	}
	f, ok := p.stdin.(*os.File)
	if !ok {
		t.Fatalf("stdin is a %T, not the pipe", p.stdin)
	}
	rc, err := f.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var size int
	var serr error
	if err := rc.Control(func(fd uintptr) { size, serr = unix.FcntlInt(fd, unix.F_GETPIPE_SZ, 0) }); err != nil {
		t.Fatal(err)
	}
	if serr != nil {
		t.Fatal(serr)
	}
	want := framePipeBytes
	if b, err := os.ReadFile("/proc/sys/fs/pipe-max-size"); err == nil {
		if lim, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && lim < want && os.Geteuid() != 0 {
			want = lim
		}
	}
	if size < want {
		t.Errorf("frame pipe holds %d bytes, want %d", size, want)
	}
	p.stdin.Close()
	if err := p.wait(); err != nil {
		t.Fatalf("ffmpeg: %v (%q)", err, p.stderr.Lines())
	}
}
