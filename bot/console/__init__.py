"""Console adapter: the chat commands in a terminal, for trying Coopilote on one machine."""
