"""The Discord adapter: discord.py client, one cog per job, rendering of neutral replies."""
