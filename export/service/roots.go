package service

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// Roots confines the media paths of requests and tasks to a set of folders.
// A path is accepted only if both its cleaned form and its real location
// (symlinks resolved) lie inside one of the roots.
type Roots struct {
	clean []string // the roots as given, absolute and cleaned
	real  []string // the same roots with symlinks resolved
}

// NewRoots resolves the given folders. Each must exist and be a folder.
// Relative media paths are resolved against the first one.
func NewRoots(dirs ...string) (*Roots, error) {
	if len(dirs) == 0 {
		return nil, errors.New("media roots: none given")
	}
	r := &Roots{}
	for _, d := range dirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			return nil, fmt.Errorf("media root %s: %w", d, err)
		}
		real, err := filepath.EvalSymlinks(abs)
		if err != nil {
			return nil, fmt.Errorf("media root %s: %w", d, err)
		}
		st, err := os.Stat(real)
		if err != nil {
			return nil, fmt.Errorf("media root %s: %w", d, err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("media root %s: not a folder", d)
		}
		r.clean = append(r.clean, abs)
		r.real = append(r.real, real)
	}
	return r, nil
}

// Dirs returns the roots (absolute, as given).
func (r *Roots) Dirs() []string { return append([]string(nil), r.clean...) }

// within reports whether path lies inside one of roots, at a path
// separator boundary ("/media" does not contain "/media2/x").
func within(path string, roots []string) bool {
	for _, root := range roots {
		if path == root {
			return true
		}
		prefix := root
		if !strings.HasSuffix(prefix, string(filepath.Separator)) {
			prefix += string(filepath.Separator)
		}
		if strings.HasPrefix(path, prefix) {
			return true
		}
	}
	return false
}

// Resolve returns the real path of the media file p named by field (e.g.
// "image_paths[2]"). Relative paths are taken from the first root. The
// error is a *RequestError: 403 for a path outside the roots (also through
// a symlink), 404 for a missing file, 400 for an empty path or a folder.
// The existence of files outside the roots is never revealed.
func (r *Roots) Resolve(field, p string) (string, error) {
	if strings.TrimSpace(p) == "" {
		return "", &RequestError{Status: http.StatusBadRequest, Field: field, Msg: "is empty"}
	}
	if strings.ContainsRune(p, 0) {
		return "", &RequestError{Status: http.StatusBadRequest, Field: field, Msg: "contains a NUL byte"}
	}
	abs := p
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(r.clean[0], abs)
	}
	abs = filepath.Clean(abs)
	outside := &RequestError{Status: http.StatusForbidden, Field: field,
		Msg: fmt.Sprintf("%s is outside the media roots", p)}
	if !within(abs, r.clean) && !within(abs, r.real) {
		return "", outside
	}
	// Resolve first (following even a dangling symlink as far as it
	// goes), then confine: a path leading outside is 403 whether or not
	// its target exists, so nothing outside the roots can be probed.
	real, err := resolve(abs, func(p string) bool { return within(p, r.real) || within(p, r.clean) })
	if err != nil {
		return "", &RequestError{Status: http.StatusBadRequest, Field: field,
			Msg: fmt.Sprintf("cannot open %s: %v", p, unwrapPath(err))}
	}
	if !within(real, r.real) {
		return "", outside
	}
	if _, err := os.Lstat(real); errors.Is(err, fs.ErrNotExist) {
		return "", &RequestError{Status: http.StatusNotFound, Field: field,
			Msg: fmt.Sprintf("file %s does not exist", p)}
	}
	st, err := os.Stat(real)
	if err != nil {
		return "", &RequestError{Status: http.StatusBadRequest, Field: field,
			Msg: fmt.Sprintf("cannot open %s: %v", p, unwrapPath(err))}
	}
	if !st.Mode().IsRegular() {
		return "", &RequestError{Status: http.StatusBadRequest, Field: field,
			Msg: fmt.Sprintf("%s is not a regular file", p)}
	}
	return real, nil
}

// maxLinks bounds the symlinks resolve follows (as the kernel's ELOOP).
const maxLinks = 40

// resolve returns where path leads once every symlink is followed, also
// when a target does not exist or cannot be read: what resolves is
// resolved, a dangling symlink is followed by hand and a missing rest
// appended. As soon as a step leads out of inside, that place is returned
// as it is, so nothing about what lies outside (exists, missing,
// unreadable) changes the answer.
func resolve(path string, inside func(string) bool) (string, error) {
	for hops := 0; hops <= maxLinks; hops++ {
		if real, err := filepath.EvalSymlinks(path); err == nil {
			return real, nil
		}
		next, err := resolveStep(path, inside)
		if err != nil || next == path || !inside(next) {
			return next, err
		}
		path = next
	}
	return "", &fs.PathError{Op: "resolve", Path: path, Err: errors.New("too many levels of symbolic links")}
}

// resolveStep handles a path EvalSymlinks could not: a symlink is
// replaced by its target; anything else is kept, by name, below its
// resolved parent.
func resolveStep(path string, inside func(string) bool) (string, error) {
	if st, err := os.Lstat(path); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		target, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		return filepath.Clean(target), nil
	}
	dir := filepath.Dir(path)
	if dir == path {
		return path, nil
	}
	parent, err := resolve(dir, inside)
	if err != nil {
		return "", err
	}
	return filepath.Join(parent, filepath.Base(path)), nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
