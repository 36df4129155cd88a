package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/slidereel/slidereel/export"
	"golang.org/x/term"
)

// progressPrinter shows export progress: a redrawn bar on a terminal,
// a plain line every few seconds otherwise (logs, pipes, CI).
type progressPrinter struct {
	w       io.Writer
	tty     bool
	name    string
	last    time.Time
	every   time.Duration
	drawn   bool // a bar is on the current terminal line
	started bool
}

func newProgressPrinter(w io.Writer, output string) *progressPrinter {
	p := &progressPrinter{w: w, tty: isTerminal(w), name: output, every: 3 * time.Second}
	if p.tty {
		p.every = 100 * time.Millisecond
	}
	return p
}

// isTerminal reports whether w is a terminal. It asks the terminal driver
// (golang.org/x/term), not the file mode: /dev/null is a character device
// too, and redrawing a bar into it (or a log redirected there) is wrong.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func (p *progressPrinter) update(pr export.Progress) {
	if !p.started {
		p.started = true
		if !p.tty {
			fmt.Fprintf(p.w, "rendering %s: %d frames\n", p.name, pr.Total)
		}
	}
	now := time.Now()
	final := pr.Frame >= pr.Total
	if !final && now.Sub(p.last) < p.every {
		return
	}
	if pr.Frame == 0 && !p.tty {
		return // the header line says it started
	}
	p.last = now
	if p.tty {
		fmt.Fprint(p.w, "\r\x1b[K"+barLine(pr, 30))
		p.drawn = true
		return
	}
	fmt.Fprintln(p.w, plainLine(pr))
}

// finish ends the bar's line.
func (p *progressPrinter) finish() {
	if p.tty && p.drawn {
		fmt.Fprintln(p.w)
		p.drawn = false
	}
}

func percent(pr export.Progress) float64 {
	if pr.Total <= 0 {
		return 0
	}
	return 100 * float64(pr.Frame) / float64(pr.Total)
}

// barLine renders "[#####.....]  45%  812/1800  63.2 fps  ETA 0:15".
func barLine(pr export.Progress, width int) string {
	fill := 0
	if pr.Total > 0 {
		fill = pr.Frame * width / pr.Total
	}
	bar := strings.Repeat("#", fill) + strings.Repeat(".", width-fill)
	s := fmt.Sprintf("[%s] %3.0f%%  %d/%d frames", bar, percent(pr), pr.Frame, pr.Total)
	return s + progressTail(pr, "  ", "")
}

// plainLine renders "812/1800 frames (45%), 63.2 fps, ETA 0:15".
func plainLine(pr export.Progress) string {
	s := fmt.Sprintf("%d/%d frames (%.0f%%)", pr.Frame, pr.Total, percent(pr))
	return s + progressTail(pr, ", ", "done in ")
}

// progressTail is what follows the frame count, each part after sep: the
// segments reused, the speed, and the time left, or once done the time
// taken (after done).
func progressTail(pr export.Progress, sep, done string) string {
	s := ""
	if r := pr.ReuseText(); r != "" {
		s += sep + r
	}
	if pr.FPS > 0 {
		s += sep + fmt.Sprintf("%.1f fps", pr.FPS)
	}
	switch {
	case pr.Frame >= pr.Total:
		s += sep + done + clock(pr.Elapsed)
	case pr.ETA > 0:
		s += sep + "ETA " + clock(pr.ETA)
	}
	return s
}

// clock formats d as m:ss or h:mm:ss.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
