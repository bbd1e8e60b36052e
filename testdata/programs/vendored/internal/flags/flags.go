// Package flags belongs to the tools module itself: its import path starts
// with the path of a vendored module (example.com/platform), but it is not
// in vendor/ and must not be looked for there.
package flags

func Parse() {}
