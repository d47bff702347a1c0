# Protocol buffers and gRPC stubs of proto/*.proto. Debian ships no protobuf CMake config, so
# CMake's FindProtobuf finds protoc and the library; gRPC's config brings grpc_cpp_plugin (it
# requires protobuf-compiler-grpc). Generated code goes to <build>/proto_gen and is compiled
# without our warning flags.
find_package(Protobuf REQUIRED)
find_package(gRPC CONFIG REQUIRED)

set(GREPTIME_PROTO_GEN ${CMAKE_BINARY_DIR}/proto_gen)
file(MAKE_DIRECTORY ${GREPTIME_PROTO_GEN})

# greptime_proto_library(<name> PROTOS a.proto b.proto): the static library greptime_<name>_proto
# with the messages and gRPC services of the listed files (paths relative to proto/).
function(greptime_proto_library name)
  cmake_parse_arguments(P "" "" "PROTOS" ${ARGN})
  set(sources)
  foreach(proto ${P_PROTOS})
    get_filename_component(base ${proto} NAME_WE)
    get_filename_component(dir ${proto} DIRECTORY)
    if(dir)
      set(out ${GREPTIME_PROTO_GEN}/${dir}/${base})
    else()
      set(out ${GREPTIME_PROTO_GEN}/${base})
    endif()
    add_custom_command(
      OUTPUT ${out}.pb.cc ${out}.pb.h ${out}.grpc.pb.cc ${out}.grpc.pb.h
      COMMAND protobuf::protoc --proto_path=${PROJECT_SOURCE_DIR}/proto
              --cpp_out=${GREPTIME_PROTO_GEN} --grpc_out=${GREPTIME_PROTO_GEN}
              --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>
              ${PROJECT_SOURCE_DIR}/proto/${proto}
      DEPENDS ${PROJECT_SOURCE_DIR}/proto/${proto} protobuf::protoc gRPC::grpc_cpp_plugin
      VERBATIM)
    list(APPEND sources ${out}.pb.cc ${out}.grpc.pb.cc)
  endforeach()
  add_library(greptime_${name}_proto STATIC ${sources})
  target_include_directories(greptime_${name}_proto SYSTEM PUBLIC ${GREPTIME_PROTO_GEN})
  target_link_libraries(greptime_${name}_proto PUBLIC gRPC::grpc++ protobuf::libprotobuf)
endfunction()
