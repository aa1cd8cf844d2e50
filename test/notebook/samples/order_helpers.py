# Databricks notebook source
# Definitions for daily_orders (its %run puts them in the caller's namespace).

def banner(day):
    return f"orders of {day}"

# COMMAND ----------

helper_loaded = True
