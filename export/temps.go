package export

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// tempMarker is in the name of every temporary output (see tempPattern).
const tempMarker = ".slidereel-tmp-"

// RemoveStaleTemps deletes the temporary outputs in dir that no export has
// written to for olderThan: the leftovers of a process killed mid-export
// (SIGKILL, power loss). Only regular files of Slidereel's own naming
// (".NAME.slidereel-tmp-*") are touched. It returns the names removed;
// failures are skipped (housekeeping, not the service). The service and
// the worker call it on start.
func RemoveStaleTemps(dir string, olderThan time.Duration) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, ".") || !strings.Contains(name, tempMarker) || !e.Type().IsRegular() {
			continue
		}
		st, err := e.Info()
		if err != nil || time.Since(st.ModTime()) < olderThan {
			continue
		}
		if os.Remove(filepath.Join(dir, name)) == nil {
			removed = append(removed, name)
		}
	}
	return removed
}
