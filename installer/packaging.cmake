# Packaging: everything an installed TokenWatt needs besides the two programs (their install()
# rules are in app/CMakeLists.txt), and the CPack settings that turn the install tree into a
# Debian package and a .tar.gz. Included from the top-level CMakeLists.txt; see
# installer/README.md for the files and `make package` / `make install-check` for their use.
#
# The programs read nothing from this tree at run time (the core compiles the catalog, examples
# and calibration in); the data under share/tokenwatt/ is there for users to read, copy and run.

set(TOKENWATT_APP_ID "io.github.tokenwatt.TokenWatt")
set(TOKENWATT_MAINTAINER "TokenWatt developers <tokenwatt@example.org>")

set(tokenwatt_installer_dir ${CMAKE_CURRENT_LIST_DIR})
set(tokenwatt_generated_dir ${CMAKE_BINARY_DIR}/installer)
set(tokenwatt_data_dir ${CMAKE_INSTALL_DATADIR}/tokenwatt)
set(tokenwatt_icon_dir ${CMAKE_INSTALL_DATADIR}/icons/hicolor)
set(tokenwatt_generated_files "")

# --- Desktop integration: launcher, software-centre metadata, file type ------------------------
install(FILES ${tokenwatt_installer_dir}/${TOKENWATT_APP_ID}.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${tokenwatt_installer_dir}/${TOKENWATT_APP_ID}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${tokenwatt_installer_dir}/tokenwatt-mime.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages
        RENAME tokenwatt.xml)

# --- Icons: the SVGs, and PNGs rendered from them at build time --------------------------------
# Icon themes look an icon up by name: the application's is named after its id (the .desktop
# file's Icon=), a workbook's after its MIME type (application/x-tokenwatt-workbook).
set(tokenwatt_icons
    "tokenwatt.svg|apps|${TOKENWATT_APP_ID}"
    "application-x-tokenwatt-workbook.svg|mimetypes|application-x-tokenwatt-workbook")
set(tokenwatt_icon_sizes 16 22 24 32 48 64 128 256 512)
find_program(TOKENWATT_RSVG_CONVERT rsvg-convert)
if(NOT TOKENWATT_RSVG_CONVERT)
    # Not fatal, so that a plain developer build does not need it; the package check
    # (installer/install-check.sh) fails when the PNGs are missing.
    message(WARNING "rsvg-convert not found (Debian package librsvg2-bin): the PNG icons "
                    "will not be built or installed, only the SVGs")
endif()
foreach(icon IN LISTS tokenwatt_icons)
    string(REPLACE "|" ";" icon "${icon}")
    list(GET icon 0 svg)
    list(GET icon 1 context)
    list(GET icon 2 name)
    install(FILES ${tokenwatt_installer_dir}/icons/${svg}
            DESTINATION ${tokenwatt_icon_dir}/scalable/${context}
            RENAME ${name}.svg)
    if(NOT TOKENWATT_RSVG_CONVERT)
        continue()
    endif()
    foreach(size IN LISTS tokenwatt_icon_sizes)
        set(png ${tokenwatt_generated_dir}/icons/${size}x${size}/${context}/${name}.png)
        add_custom_command(
            OUTPUT ${png}
            COMMAND ${CMAKE_COMMAND} -E make_directory ${tokenwatt_generated_dir}/icons/${size}x${size}/${context}
            COMMAND ${TOKENWATT_RSVG_CONVERT} --width=${size} --height=${size}
                    --output=${png} ${tokenwatt_installer_dir}/icons/${svg}
            DEPENDS ${tokenwatt_installer_dir}/icons/${svg}
            COMMENT "Rendering ${name}.png at ${size}x${size}"
            VERBATIM)
        install(FILES ${png} DESTINATION ${tokenwatt_icon_dir}/${size}x${size}/${context})
        list(APPEND tokenwatt_generated_files ${png})
    endforeach()
endforeach()

# --- Manual pages and changelog, compressed as Debian policy asks (-n: no time stamp) ---------
find_program(TOKENWATT_GZIP gzip REQUIRED)
function(tokenwatt_install_gzipped source destination)
    get_filename_component(name ${source} NAME)
    set(compressed ${tokenwatt_generated_dir}/gz/${name}.gz)
    add_custom_command(
        OUTPUT ${compressed}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${tokenwatt_generated_dir}/gz
        COMMAND ${TOKENWATT_GZIP} -9 -n -c ${source} > ${compressed}
        DEPENDS ${source}
        COMMENT "Compressing ${name}") # not VERBATIM: the shell redirects ">"
    install(FILES ${compressed} DESTINATION ${destination})
    set(tokenwatt_generated_files ${tokenwatt_generated_files} ${compressed} PARENT_SCOPE)
endfunction()
tokenwatt_install_gzipped(${tokenwatt_installer_dir}/man/tokenwatt.1 ${CMAKE_INSTALL_MANDIR}/man1)
tokenwatt_install_gzipped(${tokenwatt_installer_dir}/man/tokenwatt-cli.1
                          ${CMAKE_INSTALL_MANDIR}/man1)
# Debian's place for them (CMAKE_INSTALL_DOCDIR would be share/doc/TokenWatt, after the project).
tokenwatt_install_gzipped(${tokenwatt_installer_dir}/changelog
                          ${CMAKE_INSTALL_DATADIR}/doc/tokenwatt)

add_custom_target(tokenwatt_installer_files ALL DEPENDS ${tokenwatt_generated_files})

# --- Data for users: catalog, example scenarios, the bundled trace, licences -------------------
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/catalog/
        DESTINATION ${tokenwatt_data_dir}/catalog
        FILES_MATCHING PATTERN "*.csv" PATTERN "README.md")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/scenarios/
        DESTINATION ${tokenwatt_data_dir}/scenarios
        FILES_MATCHING PATTERN "*.json")
# Not a built-in example (those are compiled in and have no folder to resolve a trace path
# against): it names the trace relative to itself, which holds in the installed tree.
install(FILES ${tokenwatt_installer_dir}/examples/azure-conversation-trace.json
        DESTINATION ${tokenwatt_data_dir}/scenarios)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/traces/
        DESTINATION ${tokenwatt_data_dir}/traces
        FILES_MATCHING PATTERN "*.csv" PATTERN "README.md")
install(FILES ${tokenwatt_installer_dir}/copyright
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/tokenwatt)

# --- CPack: a .deb for Debian 12 and a relocatable .tar.gz -------------------------------------
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_PACKAGE_NAME tokenwatt)
set(CPACK_PACKAGE_VENDOR "TokenWatt developers")
set(CPACK_PACKAGE_CONTACT "${TOKENWATT_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "simulator of the cost, latency, energy and carbon of serving LLMs")
# Debian wants the long description wrapped below 80 columns: the line breaks are explicit.
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "TokenWatt simulates serving a large language model, request by request: the\n"
    "traffic, the model's size and precision, the batching policy and the GPUs'\n"
    "performance and power. From the simulation it reports latency percentiles,\n"
    "throughput, cost per month and per million tokens, energy and CO2e, for\n"
    "self-hosted, rented and API deployments alike.\n"
    "\n"
    "The package holds the desktop window (tokenwatt), the command-line runner\n"
    "(tokenwatt-cli), example scenarios, the bundled catalog of GPUs, models, prices\n"
    "and grid intensities with their sources, and the Azure LLM inference\n"
    "conversation trace (CC BY 4.0).")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)

# The .deb installs under /usr (CPackDeb's default prefix); the .tar.gz keeps a relative
# bin/ + share/ tree that runs from wherever it is unpacked.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded at run time, so invisible to dpkg-shlibdeps: Qt's platform plugins (xcb for a desktop,
# offscreen for --screenshot and `tokenwatt-cli report`).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
