"""The services: what claimtrack does, over the store. The CLI and TUI only call these."""
