"""w2vlib"""
