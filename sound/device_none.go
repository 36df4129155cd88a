//go:build !cgo && !darwin && !windows

package sound

import (
	"errors"

	"github.com/gopxl/beep/v2"
)

// Without cgo there is no ALSA on Linux (oto needs it), so the package
// still builds, for headless export and CGO_ENABLED=0 tests, and players
// keep time silently.
func openSpeaker() error { return errors.New("built without cgo, so without audio output") }

func speakerPlay(beep.Streamer) {}
