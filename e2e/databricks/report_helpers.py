# Databricks notebook source
# Definitions for orders_report (`%run ./report_helpers` puts them in the caller's namespace).

def banner(region):
    return f"region {region}"
